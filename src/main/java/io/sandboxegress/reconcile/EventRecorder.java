package io.sandboxegress.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.policyreport.ReportWarning;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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

  public void normal(HasMetadata regarding, EventReason reason, String message) {
    emit(regarding, "Normal", reason.wire(), message);
  }

  public void warning(HasMetadata regarding, EventReason reason, String message) {
    emit(regarding, "Warning", reason.wire(), message);
  }

  /** What the PolicyReport writer warns about, as its Event (see {@link EventReason#of(ReportWarning)}). */
  public void warning(HasMetadata regarding, ReportWarning reason, String message) {
    warning(regarding, EventReason.of(reason), message);
  }

  /**
   * Creates the Event, or, when the same one (same object, type, reason and message) exists,
   * raises its count and moves its last timestamp, as Kubernetes' own components do.
   */
  private void emit(HasMetadata regarding, String type, String reason, String text) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String namespace = regarding.getMetadata().getNamespace();
    String message = EventMessage.bounded(text, EventMessage.LIMIT);
    log(regarding, type, reason, message);
    String name = EventName.of(regarding, type, reason, message);
    try {
      try {
        client.v1().events().inNamespace(namespace).resource(event(regarding, name, type, reason, message, now))
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        repeated(namespace, name, now);
      }
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, namespace,
          regarding.getMetadata().getName(), e.getMessage());
    }
  }

  /**
   * Every Event is what the operator did or saw, so it is logged too, with the resource, its
   * namespace and the action (the Event's reason) in the MDC: fields of their own in JSON logs.
   */
  private static void log(HasMetadata regarding, String type, String reason, String message) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    try {
      MDC.put("resource", regarding.getMetadata().getName());
      MDC.put("namespace", regarding.getMetadata().getNamespace());
      MDC.put("action", reason);
      if ("Warning".equals(type)) {
        LOG.warn("{} {}/{}: {}", reason, regarding.getMetadata().getNamespace(), regarding.getMetadata().getName(),
            message);
      } else {
        LOG.info("{} {}/{}: {}", reason, regarding.getMetadata().getNamespace(), regarding.getMetadata().getName(),
            message);
      }
    } finally {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    }
  }

  /** One more of an existing Event; the update fails on a concurrent one, so it is tried again. */
  private void repeated(String namespace, String name, String now) {
    for (int attempt = 1; ; attempt++) {
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      if (existing == null) {
        return; // expired in between: the next occurrence creates it again
      }
      existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
      existing.setLastTimestamp(now);
      try {
        client.v1().events().inNamespace(namespace).resource(existing).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private Event event(HasMetadata regarding, String name, String type, String reason, String message,
      String now) {
    String namespace = regarding.getMetadata().getNamespace();
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
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
        .withMessage(message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }
}
