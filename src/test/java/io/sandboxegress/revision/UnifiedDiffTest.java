package io.sandboxegress.revision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  @Test
  void equalTextsHaveNoDiff() {
    assertThat(UnifiedDiff.of("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
  }

  @Test
  void aChangedLineIsShownWithThreeLinesOfContextInOneHunk() {
    String before = lines(1, 10);
    String after = before.replace("line 5\n", "line five\n");

    assertThat(UnifiedDiff.of("r1", before, "r2", after)).isEqualTo("""
        --- r1
        +++ r2
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8
        """);
  }

  @Test
  void distantChangesGetHunksOfTheirOwn() {
    String before = lines(1, 30);
    String after = before.replace("line 2\n", "").replace("line 28\n", "line 28\nline 28b\n");

    String diff = UnifiedDiff.of("r1", before, "r2", after);

    assertThat(diff.lines().filter(l -> l.startsWith("@@"))).containsExactly("@@ -1,5 +1,4 @@", "@@ -26,5 +25,6 @@");
    assertThat(diff).contains("-line 2\n").contains("+line 28b\n");
  }

  private static String lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
  }
}
