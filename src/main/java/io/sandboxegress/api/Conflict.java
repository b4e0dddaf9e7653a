package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Another object in the cluster that undermines this policy, and what to do about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Conflict {

  private String apiVersion;
  private String kind;
  private String namespace;
  private String name;
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

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
