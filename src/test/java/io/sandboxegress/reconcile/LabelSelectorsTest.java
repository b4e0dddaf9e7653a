package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

  @Test
  void matchLabelsMustAllMatch() {
    LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "sandbox")
        .addToMatchLabels("tier", "untrusted").build();

    assertThat(LabelSelectors.matches(selector, Map.of("app", "sandbox", "tier", "untrusted", "x", "y"))).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "sandbox"))).isFalse();
  }

  @Test
  void expressionsFollowKubernetesSemantics() {
    LabelSelector selector = new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("app").withOperator("In").withValues("a", "b").endMatchExpression()
        .addNewMatchExpression().withKey("debug").withOperator("DoesNotExist").endMatchExpression()
        .addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("system").endMatchExpression()
        .build();

    assertThat(LabelSelectors.matches(selector, Map.of("app", "b"))).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "c"))).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "a", "debug", "1"))).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "a", "tier", "system"))).isFalse();
  }

  @Test
  void anEmptySelectorMatchesNothingHere() {
    assertThat(LabelSelectors.matches(new LabelSelector(), Map.of("app", "sandbox"))).isFalse();
  }
}
