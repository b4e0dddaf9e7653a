package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.sandboxegress.api.SandboxEgress;

/**
 * The sandbox pods a diagnosis is about.
 *
 * @param namespace their namespace
 * @param selector their labels; null for every pod in the namespace
 */
public record Sandboxes(String namespace, LabelSelector selector) {

  public static Sandboxes of(SandboxEgress cr) {
    return new Sandboxes(cr.getMetadata().getNamespace(), cr.getSpec().getPodSelector());
  }

  /** In words, e.g. "the pods app=sandbox" or "every pod". */
  public String describe() {
    String labels = SelectorText.describe(selector);
    return labels.equals("(every pod)") ? "every pod" : "the pods " + labels;
  }
}
