package io.sandboxegress.policyreport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.OwnedLabels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SandboxEgress's PolicyReport as a Kubernetes object: named after it, in its namespace, owned by
 * it (so it is deleted with it) and labelled like the operator's other objects.
 */
public final class PolicyReportResource {

  public static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
  public static final String KIND = "PolicyReport";
  /** Given in full, so that no API discovery runs and a missing CRD answers 404. */
  public static final ResourceDefinitionContext DEFINITION = new ResourceDefinitionContext.Builder()
      .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind(KIND).withPlural("policyreports")
      .withNamespaced(true).build();
  private static final List<String> CONTENT = List.of("scope", "results", "summary");

  private PolicyReportResource() {}

  public static GenericKubernetesResource of(SandboxEgress cr, ProbeReport report, KubernetesSerialization json) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(API_VERSION);
    resource.setKind(KIND);
    resource.setMetadata(new ObjectMetaBuilder()
        .withName(cr.getMetadata().getName())
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(new TreeMap<>(OwnedLabels.forOwner(cr.getMetadata().getNamespace(), cr.getMetadata().getName())))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(SandboxEgress.API_VERSION).withKind(SandboxEgress.KIND)
            .withName(cr.getMetadata().getName()).withUid(cr.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .build());
    Map<String, Object> fields = json.convertValue(report, Map.class);
    CONTENT.forEach(field -> resource.setAdditionalProperty(field, fields.get(field)));
    return resource;
  }

  /**
   * Whether the live report already says what {@code desired} says, with the operator's labels and
   * owner: then writing it again would change nothing. Compared as JSON text read back, so that a
   * number is the same whether it came from Java or from the API server.
   */
  public static boolean upToDate(GenericKubernetesResource live, GenericKubernetesResource desired,
      KubernetesSerialization json) {
    if (live == null) {
      return false;
    }
    Map<String, String> liveLabels = live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels();
    boolean labelled = liveLabels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
    boolean owned = live.getMetadata().getOwnerReferences() != null && live.getMetadata().getOwnerReferences()
        .stream().anyMatch(ref -> ref.getUid().equals(desired.getMetadata().getOwnerReferences().get(0).getUid()));
    return labelled && owned && content(live, json).equals(content(desired, json));
  }

  private static JsonNode content(GenericKubernetesResource resource, KubernetesSerialization json) {
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    for (String field : CONTENT) {
      Object value = resource.getAdditionalProperties().get(field);
      if (value != null) {
        content.set(field, json.unmarshal(json.asJson(value), JsonNode.class));
      }
    }
    return content;
  }
}
