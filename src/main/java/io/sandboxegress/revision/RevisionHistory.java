package io.sandboxegress.revision;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Pure decisions about a SandboxEgress's kept revisions: the next number, the ones to prune. */
public final class RevisionHistory {

  private RevisionHistory() {}

  public static Optional<Revision> newest(List<Revision> kept) {
    return kept.stream().max(Comparator.comparingLong(Revision::number));
  }

  /** One more than the highest kept (or live) revision. */
  public static long nextNumber(List<Revision> kept, Long live) {
    long highest = newest(kept).map(Revision::number).orElse(0L);
    return Math.max(highest, live == null ? 0 : live) + 1;
  }

  /**
   * The revisions beyond the newest {@code limit}, oldest first; never the live one nor the last
   * good one.
   */
  public static List<Revision> toPrune(List<Revision> kept, int limit, Long live, Long lastGood) {
    List<Revision> newestFirst = kept.stream()
        .sorted(Comparator.comparingLong(Revision::number).reversed()).toList();
    return newestFirst.stream().skip(Math.max(0, limit))
        .filter(r -> !Objects.equals(r.number(), live) && !Objects.equals(r.number(), lastGood))
        .sorted(Comparator.comparingLong(Revision::number))
        .toList();
  }
}
