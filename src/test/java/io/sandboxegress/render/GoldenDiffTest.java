package io.sandboxegress.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoldenDiffTest {

  @Test
  void showsRemovedAndAddedLinesWithContext() {
    String expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    String actual = "a\nb\nc\nd\ne\nF\ng\nh\ni\nj\nk\n";
    assertThat(Golden.diff(expected, actual)).isEqualTo("""
          c
          d
          e
        - f
        + F
          g
          h
          i
          j
        + k
        """);
  }

  @Test
  void saysWhenOnlyTheFinalNewlineDiffers() {
    assertThat(Golden.diff("a\n", "a")).contains("golden ends with newline: true, actual: false");
  }
}
