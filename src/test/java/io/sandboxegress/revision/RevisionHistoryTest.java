package io.sandboxegress.revision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {

  @Test
  void theNextNumberIsOneMoreThanTheHighestKeptOrLive() {
    assertThat(RevisionHistory.nextNumber(List.of(), null)).isEqualTo(1);
    assertThat(RevisionHistory.nextNumber(revisions(3, 4, 9), 4L)).isEqualTo(10);
    assertThat(RevisionHistory.nextNumber(List.of(), 5L)).isEqualTo(6);
  }

  @Test
  void theOldestBeyondTheLimitArePruned() {
    assertThat(RevisionHistory.toPrune(revisions(1, 2, 3, 4, 5), 3, 5L, 5L))
        .extracting(Revision::number).containsExactly(1L, 2L);
  }

  @Test
  void neitherTheLiveNorTheLastGoodRevisionIsEverPruned() {
    assertThat(RevisionHistory.toPrune(revisions(1, 2, 3, 4, 5), 2, 5L, 2L))
        .extracting(Revision::number).containsExactly(1L, 3L);
    assertThat(RevisionHistory.toPrune(revisions(1, 2, 3), 1, 1L, 2L))
        .extracting(Revision::number).isEmpty();
  }

  static List<Revision> revisions(long... numbers) {
    return LongStream.of(numbers)
        .mapToObj(n -> new Revision(n, "r" + n, "f" + n, n, "2025-05-01T10:00:00Z", Verdict.Unverified, List.of()))
        .toList();
  }
}
