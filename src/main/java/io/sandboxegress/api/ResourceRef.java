package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** An object the operator owns (or would own, in DryRun) for a SandboxEgress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceRef {

  @JsonPropertyDescription("The object's API version. Example: networking.k8s.io/v1.")
  private String apiVersion;
  @JsonPropertyDescription("The object's kind. Example: NetworkPolicy.")
  private String kind;
  @JsonPropertyDescription("The object's namespace (an egress gateway's objects live in the "
      + "gateway's). Example: daytona.")
  private String namespace;
  @JsonPropertyDescription("The object's name. Example: sandbox-egress-agents.")
  private String name;

  public ResourceRef() {}

  public ResourceRef(String apiVersion, String kind, String namespace, String name) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceRef other && Objects.equals(apiVersion, other.apiVersion)
        && Objects.equals(kind, other.kind) && Objects.equals(namespace, other.namespace)
        && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, namespace, name);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
