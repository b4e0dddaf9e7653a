package io.sandboxegress.revision;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line (longest common subsequence), with context lines. */
public final class UnifiedDiff {

  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  private record Line(char op, String text, int oldLine, int newLine) {}

  /** Empty when the texts are equal. */
  public static String of(String oldName, String oldText, String newName, String newText) {
    List<Line> edits = edits(oldText.lines().toList(), newText.lines().toList());
    if (edits.stream().allMatch(l -> l.op() == ' ')) {
      return "";
    }
    StringBuilder out = new StringBuilder("--- ").append(oldName).append('\n')
        .append("+++ ").append(newName).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op() == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int quiet = 0;
      while (end < edits.size() && quiet <= 2 * CONTEXT) {
        quiet = edits.get(end).op() == ' ' ? quiet + 1 : 0;
        end++;
      }
      end = Math.min(edits.size(), end - Math.max(0, quiet - CONTEXT));
      hunk(out, edits.subList(start, end));
      i = end;
    }
    return out.toString();
  }

  private static void hunk(StringBuilder out, List<Line> lines) {
    int oldStart = lines.get(0).oldLine();
    int newStart = lines.get(0).newLine();
    long oldCount = lines.stream().filter(l -> l.op() != '+').count();
    long newCount = lines.stream().filter(l -> l.op() != '-').count();
    out.append("@@ -").append(oldStart).append(',').append(oldCount)
        .append(" +").append(newStart).append(',').append(newCount).append(" @@\n");
    for (Line line : lines) {
      out.append(line.op()).append(line.text()).append('\n');
    }
  }

  private static List<Line> edits(List<String> a, List<String> b) {
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<Line> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add(new Line(' ', a.get(i), i + 1, j + 1));
        i++;
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        edits.add(new Line('-', a.get(i), i + 1, j + 1));
        i++;
      } else {
        edits.add(new Line('+', b.get(j), i + 1, j + 1));
        j++;
      }
    }
    return edits;
  }
}
