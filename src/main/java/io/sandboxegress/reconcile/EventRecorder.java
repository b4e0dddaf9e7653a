package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a SandboxEgress, so that {@code kubectl describe} shows what happened. */
public final class EventRecorder {

  public static final String COMPONENT = "sandbox-egress-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  public void normal(HasMetadata regarding, String reason, String message) {
    emit(regarding, "Normal", reason, message);
  }

  public void warning(HasMetadata regarding, String reason, String message) {
    emit(regarding, "Warning", reason, message);
  }

  private void emit(HasMetadata regarding, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    String namespace = regarding.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
          .withName(regarding.getMetadata().getName() + "."
              + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
          .withNamespace(namespace)
          .endMetadata()
          .withNewInvolvedObject()
          .withApiVersion(regarding.getApiVersion())
          .withKind(regarding.getKind())
          .withNamespace(namespace)
          .withName(regarding.getMetadata().getName())
          .withUid(regarding.getMetadata().getUid())
          .endInvolvedObject()
          .withType(type)
          .withReason(reason)
          .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .withReportingInstance(instance)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, namespace,
          regarding.getMetadata().getName(), e.getMessage());
    }
  }
}
