package io.sandboxegress.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;

/**
 * The mesh-wide settings of Istio's {@code istio} ConfigMap ({@code data.mesh}, YAML) that bear on
 * egress.
 *
 * @param configMap the ConfigMap they come from
 * @param outboundTrafficPolicyMode {@code outboundTrafficPolicy.mode} as written; empty when not
 *     set (Istio's default is {@code ALLOW_ANY}) or when {@code data.mesh} cannot be read
 * @param readError why {@code data.mesh} could not be read, if it could not
 */
record MeshSettings(ConfigMap configMap, Optional<String> outboundTrafficPolicyMode,
    Optional<String> readError) {

  static final String REGISTRY_ONLY = "REGISTRY_ONLY";
  static final String ALLOW_ANY = "ALLOW_ANY";

  static MeshSettings of(ConfigMap configMap) {
    String mesh = configMap.getData() == null ? null : configMap.getData().get("mesh");
    if (mesh == null || mesh.isBlank()) {
      return new MeshSettings(configMap, Optional.empty(), Optional.empty());
    }
    try {
      JsonNode mode = new YAMLMapper().readTree(mesh).path("outboundTrafficPolicy").path("mode");
      return new MeshSettings(configMap,
          mode.isTextual() ? Optional.of(mode.asText()) : Optional.empty(), Optional.empty());
    } catch (JsonProcessingException e) {
      return new MeshSettings(configMap, Optional.empty(),
          Optional.of("data.mesh is not valid YAML: " + e.getOriginalMessage()));
    }
  }

  /** The mode in effect mesh-wide. */
  String effectiveMode() {
    return outboundTrafficPolicyMode.orElse(ALLOW_ANY);
  }

  boolean registryOnly() {
    return REGISTRY_ONLY.equals(effectiveMode());
  }

  String where() {
    return "ConfigMap " + configMap.getMetadata().getNamespace() + "/" + configMap.getMetadata().getName();
  }
}
