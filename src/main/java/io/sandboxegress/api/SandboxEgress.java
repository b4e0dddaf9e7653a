package io.sandboxegress.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** What a set of labelled sandbox pods may reach, and what the operator proved about it. */
@Group(SandboxEgress.GROUP)
@Version(SandboxEgress.VERSION)
@Singular("sandboxegress")
@Plural("sandboxegresses")
@ShortNames("sbe")
@AdditionalPrinterColumn(name = "Policy", jsonPath = ".spec.policy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.matchedPods",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Verified",
    jsonPath = ".status.conditions[?(@.type==\"Verified\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Conflicts", jsonPath = ".status.conflictCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SandboxEgress extends CustomResource<SandboxEgressSpec, SandboxEgressStatus>
    implements Namespaced {

  public static final String GROUP = "sandboxegress.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "SandboxEgress";

  // Overridden only to describe spec and status in the CRD (kubectl explain sandboxegress.spec).
  @Override
  @JsonPropertyDescription("What the selected sandbox pods may reach, and how the operator proves"
      + " it. Required (podSelector must be given). Example: {podSelector: {matchLabels: {app:"
      + " daytona-sandbox}}, policy: AllowList, allow: [{host: pypi.org}]}.")
  public SandboxEgressSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator applied and proved; written by the operator only."
      + " Example: {observedGeneration: 4, matchedPods: 12, conditions: [{type: Ready, status:"
      + " \"True\", reason: Applied}]}.")
  public SandboxEgressStatus getStatus() {
    return super.getStatus();
  }
}
