package io.sandboxegress.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTextTest {

  @Test
  void parsesEqualityTermsIntoMatchLabels() {
    LabelSelector selector = SelectorText.parse("app=daytona-sandbox, example.com/tier==a");

    assertThat(selector.getMatchLabels())
        .isEqualTo(Map.of("app", "daytona-sandbox", "example.com/tier", "a"));
    assertThat(selector.getMatchExpressions()).isNullOrEmpty();
  }

  @Test
  void parsesSetTermsIntoExpressions() {
    LabelSelector selector = SelectorText.parse("tier!=web,gpu,!legacy");

    assertThat(selector.getMatchLabels()).isNullOrEmpty();
    assertThat(selector.getMatchExpressions()).containsExactly(
        new LabelSelectorRequirement("tier", "NotIn", List.of("web")),
        new LabelSelectorRequirement("gpu", "Exists", null),
        new LabelSelectorRequirement("legacy", "DoesNotExist", null));
  }

  @Test
  void describesWhatItParses() {
    assertThat(SelectorText.describe(SelectorText.parse("b=2,a=1,tier!=web,gpu,!legacy")))
        .isEqualTo("a=1,b=2,tier!=web,gpu,!legacy");
    assertThat(SelectorText.describe((LabelSelector) null)).isEqualTo("(every pod)");
  }

  @Test
  void refusesWhatIsNotASelectorTerm() {
    assertThatThrownBy(() -> SelectorText.parse("app in (a,b)"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'app in (a'");
    assertThatThrownBy(() -> SelectorText.parse("app=a,,b=c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SelectorText.parse("app=not valid"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a label value");
    assertThatThrownBy(() -> SelectorText.parse("app=a,app=b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
  }
}
