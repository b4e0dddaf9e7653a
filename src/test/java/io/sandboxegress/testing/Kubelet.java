package io.sandboxegress.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The part of a kubelet the tests play: the local API server runs no pods. */
public final class Kubelet {

  private Kubelet() {}

  /**
   * What a kubelet writes when the probe container exits: its termination message. Only on the
   * pod it ran ({@code probe}'s UID): a pod of the same name created since is not its to finish
   * (a stand-in kubelet whose watch lagged would otherwise give a new run the old run's results).
   */
  public static void probeFinished(KubernetesClient client, Pod probe, String terminationMessage) {
    Pod current = client.pods().inNamespace(probe.getMetadata().getNamespace())
        .withName(probe.getMetadata().getName()).get();
    if (current == null || !current.getMetadata().getUid().equals(probe.getMetadata().getUid())) {
      return;
    }
    client.pods().inNamespace(probe.getMetadata().getNamespace()).resource(new PodBuilder(current)
            .editOrNewStatus()
            .withPhase("Succeeded")
            .withContainerStatuses(new ContainerStatusBuilder()
                .withName("probe").withImage(probe.getSpec().getContainers().get(0).getImage())
                .withImageID("").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withMessage(terminationMessage.strip()).endTerminated().endState()
                .build())
            .endStatus()
            .build())
        .updateStatus();
  }
}
