package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Another object in the cluster that undermines this policy, and what to do about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Conflict {

  @JsonPropertyDescription("The conflicting object's API version. Example: security.istio.io/v1.")
  private String apiVersion;
  @JsonPropertyDescription("The conflicting object's kind. Example: AuthorizationPolicy.")
  private String kind;
  @JsonPropertyDescription("The conflicting object's namespace. Example: daytona.")
  private String namespace;
  @JsonPropertyDescription("The conflicting object's name. Example: deny-all.")
  private String name;
  @JsonPropertyDescription("What it does to the outcome: Widens (the sandboxes reach more than "
      + "the spec allows), Undefined (Istio may apply it or the operator's object), Overrides (it "
      + "decides instead of the operator's objects): each holds Ready at False; Advice: worth "
      + "knowing, Ready unaffected. Example: Widens.")
  private ConflictEffect effect;
  @JsonPropertyDescription("What it does to this policy, and the fix. Example: DENY policy "
      + "selects the same pods; DENY wins over ALLOW.")
  private String message;

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

  public ConflictEffect getEffect() {
    return effect;
  }

  public void setEffect(ConflictEffect effect) {
    this.effect = effect;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
