package io.sandboxegress.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/** Writing SandboxEgress resources as a user would, and waiting for what the operator reports. */
public final class SandboxEgresses {

  private SandboxEgresses() {}

  /** A SandboxEgress from the YAML of its spec. */
  public static SandboxEgress parse(String namespace, String name, String specYaml) {
    SandboxEgress cr = Serialization.unmarshal("apiVersion: sandboxegress.io/v1alpha1\nkind: SandboxEgress\n"
        + "metadata:\n  name: " + name + "\nspec:\n" + specYaml.indent(2), SandboxEgress.class);
    cr.getMetadata().setNamespace(namespace);
    return cr;
  }

  /** Creates or changes it with server-side apply, as {@code kubectl apply --server-side} would. */
  public static SandboxEgress apply(KubernetesClient client, String namespace, String name, String specYaml) {
    return client.resource(parse(namespace, name, specYaml)).forceConflicts().serverSideApply();
  }

  public static SandboxEgress get(KubernetesClient client, String namespace, String name) {
    return client.resources(SandboxEgress.class).inNamespace(namespace).withName(name).get();
  }

  /** Waits until the status is for the current generation and condition {@code type} is {@code status}. */
  public static SandboxEgress awaitCondition(KubernetesClient client, String namespace, String name,
      String type, String status, Duration deadline) {
    try {
      await().atMost(deadline).until(() -> {
        SandboxEgress cr = get(client, namespace, name);
        return cr != null && cr.getStatus() != null
            && cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration())
            && cr.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
      });
    } catch (ConditionTimeoutException e) {
      // the status says why (probe results, conditions): worth more than "condition not fulfilled"
      SandboxEgress cr = get(client, namespace, name);
      throw new AssertionError(type + " not " + status + " within " + deadline.toSeconds() + " s; status: "
          + (cr == null || cr.getStatus() == null ? "none" : Serialization.asYaml(cr.getStatus())), e);
    }
    return get(client, namespace, name);
  }

  public static SandboxEgress awaitReady(KubernetesClient client, String namespace, String name, Duration deadline) {
    return awaitCondition(client, namespace, name, "Ready", "True", deadline);
  }

  public static Condition condition(SandboxEgress cr, String type) {
    return cr.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  /** The Events recorded on it. */
  public static List<Event> events(KubernetesClient client, String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}
