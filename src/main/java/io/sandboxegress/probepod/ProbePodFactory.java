package io.sandboxegress.probepod;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sandboxegress.api.ProbeTarget;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.OwnedLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The probe pod: one of the sandboxes as far as the network can tell (their labels, service account
 * and runtime class, so the same NetworkPolicy and Istio configuration apply), running this
 * operator's {@code probe} command once, never Ready, bounded in time and resources, and without
 * any API credentials.
 */
public final class ProbePodFactory {

  public static final String BUNDLE_ANNOTATION = "sandboxegress.io/bundle";
  public static final String TARGETS_ANNOTATION = "sandboxegress.io/targets";
  public static final String CONTAINER = "probe";
  static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  /** Nothing listens on the discard port, so the pod never becomes Ready and no Service routes to it. */
  static final int NEVER_READY_PORT = 9;

  private ProbePodFactory() {}

  public static Pod build(SandboxEgress cr, ProbePlan plan, ProbeIdentity identity, String image,
      String bundleFingerprint) {
    Map<String, String> labels = new TreeMap<>(ProbePodLabels.satisfying(cr.getSpec().getPodSelector()));
    labels.putAll(OwnedLabels.forOwner(cr.getMetadata().getNamespace(), cr.getMetadata().getName()));
    List<String> args = new ArrayList<>(List.of("probe", "--timeout-seconds",
        Long.toString(plan.timeout().toSeconds()), "--termination-message-path", TERMINATION_MESSAGE_PATH));
    for (ProbeTarget target : plan.targets()) {
      args.add("--target");
      args.add(target.getUrl());
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(plan.podName())
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(Map.of(
            BUNDLE_ANNOTATION, bundleFingerprint,
            TARGETS_ANNOTATION, plan.fingerprint(),
            // with Istio sidecars: start probing only once the proxy is ready
            "proxy.istio.io/config", "{\"holdApplicationUntilProxyStarts\": true}"))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(cr.getApiVersion()).withKind(cr.getKind())
            .withName(cr.getMetadata().getName()).withUid(cr.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withActiveDeadlineSeconds(plan.deadline().toSeconds())
        .withServiceAccountName(identity.serviceAccountName())
        .withRuntimeClassName(identity.runtimeClassName())
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(5L)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(image)
            .withArgs(args)
            .withEnv(new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                .withName("JAVA_TOOL_OPTIONS").withValue("-XX:+UseSerialGC -XX:MaxRAMPercentage=60").build())
            .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
            .withTerminationMessagePolicy("File")
            .withNewReadinessProbe()
            .withNewTcpSocket().withNewPort(NEVER_READY_PORT).endTcpSocket()
            .withPeriodSeconds(30)
            .endReadinessProbe()
            .withNewResources()
            .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("96Mi")))
            .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("192Mi")))
            .endResources()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .endSecurityContext()
            .build())
        .endSpec()
        .build();
  }
}
