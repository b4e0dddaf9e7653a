package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventMessageTest {

  @Test
  void aShortMessageStaysAsItIs() {
    assertThat(EventMessage.bounded("DENY policy selects the same pods", 1000))
        .isEqualTo("DENY policy selects the same pods");
  }

  @Test
  void aLongMessageIsCutAtAWordAndSaysHowManyWordsAreLeftOut() {
    String text = IntStream.range(0, 400).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

    String bounded = EventMessage.bounded(text, 1000);

    assertThat(bounded).hasSizeLessThanOrEqualTo(1000).matches("word0 word1 .* word\\d+ … \\(\\d+ more words\\)");
    String kept = bounded.substring(0, bounded.indexOf(" … ("));
    int keptWords = kept.split(" ").length;
    assertThat(text).startsWith(kept + " ");
    assertThat(bounded).endsWith("(" + (400 - keptWords) + " more words)");
  }

  @Test
  void aLongListKeepsWholeItemsAndCountsTheRest() {
    List<String> objects = IntStream.range(0, 100)
        .mapToObj(i -> "ServiceEntry daytona/sandbox-egress-agents-host-" + i).toList();

    String message = EventMessage.list("", objects, 1000);

    assertThat(message).hasSizeLessThanOrEqualTo(1000)
        .startsWith("ServiceEntry daytona/sandbox-egress-agents-host-0, ");
    String kept = message.substring(0, message.lastIndexOf(" ("));
    assertThat(kept.split(", ")).allSatisfy(item -> assertThat(objects).contains(item));
    assertThat(message).endsWith("(" + (100 - kept.split(", ").length) + " more)");
    assertThat(EventMessage.list("", objects.subList(0, 2), 1000))
        .isEqualTo(objects.get(0) + ", " + objects.get(1));
  }
}
