package io.sandboxegress.revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The revisions of one SandboxEgress as a table a person reads, newest last. */
public final class HistoryTable {

  private static final String FORMAT = "%-9s %-21s %-11s %-9s %-20s %s%n";

  private HistoryTable() {}

  public static String of(List<Revision> revisions, Long live, Long lastGood) {
    StringBuilder out = new StringBuilder(String.format(FORMAT, "REVISION", "CREATED", "GENERATION", "BUNDLE",
        "VERDICT", "MARKS"));
    for (Revision revision : revisions) {
      List<String> marks = new ArrayList<>();
      if (Objects.equals(revision.number(), live)) {
        marks.add("live");
      }
      if (Objects.equals(revision.number(), lastGood)) {
        marks.add("last-good");
      }
      out.append(String.format(FORMAT, revision.number(), Objects.requireNonNullElse(revision.createdAt(), "-"),
          revision.generation(), revision.fingerprint(), revision.verdict().words(), String.join(",", marks)));
    }
    return out.toString();
  }
}
