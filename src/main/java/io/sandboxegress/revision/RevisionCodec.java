package io.sandboxegress.revision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.OwnedLabels;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bundle as a {@code ControllerRevision} and back. {@code data} is a JSON object with the
 * objects exactly as rendered ({@code objects}), {@code hostEnforcement}, {@code fingerprint},
 * {@code generation} and {@code createdAt}; the annotations repeat the fingerprint and generation
 * (so a list can be read without the objects) and carry the verdict.
 */
public final class RevisionCodec {

  public static final String FINGERPRINT = "sandboxegress.io/bundle";
  public static final String GENERATION = "sandboxegress.io/generation";
  public static final String VERDICT = "sandboxegress.io/verdict";
  public static final String VERIFIED_REACHABLE = "sandboxegress.io/verified-reachable";

  private RevisionCodec() {}

  public static ControllerRevision encode(SandboxEgress cr, long number, Bundle bundle, String fingerprint,
      Instant now) {
    String namespace = cr.getMetadata().getNamespace();
    String name = cr.getMetadata().getName();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("fingerprint", fingerprint);
    data.put("generation", cr.getMetadata().getGeneration());
    data.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    data.put("hostEnforcement", bundle.hostEnforcement());
    List<Object> objects = new ArrayList<>();
    for (HasMetadata object : bundle.objects()) {
      objects.add(Serialization.jsonMapper().convertValue(object, Map.class));
    }
    data.put("objects", objects);
    return new ControllerRevisionBuilder()
        .withNewMetadata()
        .withName(Revision.name(name, number))
        .withNamespace(namespace)
        .withLabels(new TreeMap<>(OwnedLabels.forOwner(namespace, name)))
        .withAnnotations(new TreeMap<>(Map.of(FINGERPRINT, fingerprint,
            GENERATION, Long.toString(cr.getMetadata().getGeneration()))))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(cr.getApiVersion()).withKind(cr.getKind())
            .withName(name).withUid(cr.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withRevision(number)
        .withData(data)
        .build();
  }

  /** The stored objects, typed as the renderers made them, in their stored order. */
  public static Bundle bundle(ControllerRevision stored) {
    Map<String, Object> data = Serialization.jsonMapper().convertValue(stored.getData(),
        new TypeReference<Map<String, Object>>() {});
    if (data == null || !(data.get("objects") instanceof List<?> objects)) {
      throw new IllegalArgumentException("ControllerRevision " + stored.getMetadata().getName()
          + " holds no objects");
    }
    List<HasMetadata> typed = new ArrayList<>();
    for (Object object : objects) {
      typed.add(Serialization.unmarshal(Serialization.asJson(object), HasMetadata.class));
    }
    Object hostEnforcement = data.get("hostEnforcement");
    return new Bundle(typed, hostEnforcement == null ? "" : hostEnforcement.toString());
  }

  static String targets(List<String> targets) {
    return Serialization.asJson(targets);
  }

  static List<String> targets(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return Serialization.jsonMapper().readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
