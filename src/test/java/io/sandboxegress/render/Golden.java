package io.sandboxegress.render;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden files under {@code src/test/resources/golden}: a mismatch fails with a line diff;
 * {@code -Dgolden.update=true} rewrites the files instead.
 */
public final class Golden {

  public static final String UPDATE_PROPERTY = "golden.update";
  private static final int CONTEXT = 3;

  private Golden() {}

  public static Path root() {
    return basedir().resolve("src/test/resources/golden");
  }

  public static Path basedir() {
    return Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
  }

  public static void assertMatches(String relativePath, String actual) {
    Path file = root().resolve(relativePath);
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        fail("golden file " + file + " is missing: run the tests with -D" + UPDATE_PROPERTY
            + "=true to write it, and review it");
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        fail("rendered output differs from golden file " + file + " (- golden, + actual);"
            + " if the change is intended, run with -D" + UPDATE_PROPERTY + "=true and review"
            + " the diff\n" + diff(expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A unified-style line diff with a few lines of context around each change. */
  static String diff(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j))
            ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> lines = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        lines.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        lines.add("- " + a.get(i++));
      } else {
        lines.add("+ " + b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder();
    int lastPrinted = -1;
    for (int k = 0; k < lines.size(); k++) {
      if (lines.get(k).startsWith("  ")) {
        continue;
      }
      int from = Math.max(lastPrinted + 1, k - CONTEXT);
      if (lastPrinted >= 0 && from > lastPrinted + 1) {
        out.append("  ...\n");
      }
      int to = Math.min(lines.size() - 1, k + CONTEXT);
      for (int m = from; m <= to; m++) {
        out.append(lines.get(m)).append('\n');
      }
      lastPrinted = to;
      k = Math.max(k, to - CONTEXT);
    }
    if (!expected.endsWith("\n") || !actual.endsWith("\n")) {
      out.append("(golden ends with newline: ").append(expected.endsWith("\n"))
          .append(", actual: ").append(actual.endsWith("\n")).append(")\n");
    }
    return out.toString();
  }
}
