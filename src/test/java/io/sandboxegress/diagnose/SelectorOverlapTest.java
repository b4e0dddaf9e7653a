package io.sandboxegress.diagnose;

import static io.sandboxegress.diagnose.SelectorOverlap.ALL;
import static io.sandboxegress.diagnose.SelectorOverlap.NONE;
import static io.sandboxegress.diagnose.SelectorOverlap.SOME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorOverlapTest {

  @ParameterizedTest(name = "sandboxes [{0}], other [{1}] -> {2}")
  @CsvSource(delimiter = '|', value = {
      // matchLabels against matchLabels: a subset selects them all, a clash none
      "app=sandbox          | app=sandbox                 | ALL",
      "app=sandbox,tier=a   | app=sandbox                 | ALL",
      "app=sandbox          | app=sandbox,tier=a          | SOME",
      "app=sandbox          | app=web                     | NONE",
      "app=sandbox          | tier=a                      | SOME",
      // an empty selector selects every pod
      "app=sandbox          | ''                          | ALL",
      "''                   | ''                          | ALL",
      "''                   | app=sandbox                 | SOME",
      // set-based requirements
      "app=sandbox          | app!=web                    | ALL",
      "app=sandbox          | app!=sandbox                | NONE",
      "app=sandbox          | app                         | ALL",
      "app=sandbox          | !app                        | NONE",
      "!gpu                 | gpu                         | NONE",
      "!gpu                 | !gpu                        | ALL",
      "!gpu                 | gpu!=yes                    | ALL",
      "app!=web             | app=web                     | NONE",
      "app!=web             | app=sandbox                 | SOME",
      "app!=web             | app!=web                    | ALL",
      "gpu                  | !gpu                        | NONE",
      "gpu                  | gpu=yes                     | SOME",
  })
  void comparesSelectors(String sandboxes, String other, SelectorOverlap expected) {
    assertThat(SelectorOverlap.of(selector(sandboxes), selector(other))).isEqualTo(expected);
  }

  @Test
  void inAndNotInSetsAreComparedAsSets() {
    LabelSelector inTwo = expression("app", "In", "a", "b");
    assertThat(SelectorOverlap.of(inTwo, expression("app", "In", "a", "b", "c"))).isEqualTo(ALL);
    assertThat(SelectorOverlap.of(inTwo, expression("app", "In", "a"))).isEqualTo(SOME);
    assertThat(SelectorOverlap.of(inTwo, expression("app", "In", "c"))).isEqualTo(NONE);
    assertThat(SelectorOverlap.of(inTwo, expression("app", "NotIn", "a", "b"))).isEqualTo(NONE);
    assertThat(SelectorOverlap.of(inTwo, expression("app", "NotIn", "c"))).isEqualTo(ALL);
    assertThat(SelectorOverlap.of(expression("app", "NotIn", "a", "b"), expression("app", "In", "a")))
        .isEqualTo(NONE);
  }

  @Test
  void nullSelectorsMeanEveryPod() {
    assertThat(SelectorOverlap.of(null, null)).isEqualTo(ALL);
    assertThat(SelectorOverlap.of(selector("app=sandbox"), null)).isEqualTo(ALL);
    assertThat(SelectorOverlap.of(null, selector("app=sandbox"))).isEqualTo(SOME);
  }

  @Test
  void istioLabelMapsAreMatchLabels() {
    assertThat(SelectorOverlap.ofLabels(selector("app=sandbox,tier=a"), Map.of("app", "sandbox")))
        .isEqualTo(ALL);
    assertThat(SelectorOverlap.ofLabels(selector("app=sandbox"), Map.of("app", "web"))).isEqualTo(NONE);
    assertThat(SelectorOverlap.ofLabels(selector("app=sandbox"), Map.of())).isEqualTo(ALL);
    assertThat(SelectorOverlap.ofLabels(selector("app=sandbox"), null)).isEqualTo(ALL);
  }

  private static LabelSelector selector(String text) {
    return text.isEmpty() ? new LabelSelector() : SelectorText.parse(text);
  }

  private static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator)
        .withValues(values).endMatchExpression().build();
  }
}
