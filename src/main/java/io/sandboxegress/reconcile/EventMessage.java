package io.sandboxegress.reconcile;

import java.util.List;

/**
 * Event messages kept within what {@code kubectl describe} shows well: cut at a word, or after a
 * whole item of a list, and saying how much was left out, never mid-word.
 */
final class EventMessage {

  /** Kubernetes keeps longer messages, but events.k8s.io caps its note at 1 KiB. */
  static final int LIMIT = 1000;

  private EventMessage() {}

  /** The text, or its words up to the limit followed by "… (N more words)". */
  static String bounded(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    String[] words = text.split(" ");
    StringBuilder kept = new StringBuilder();
    int used = 0;
    while (used < words.length) {
      String suffix = " … (" + (words.length - used - 1) + " more words)";
      if (kept.length() + 1 + words[used].length() + suffix.length() > limit) {
        break;
      }
      kept.append(used == 0 ? "" : " ").append(words[used]);
      used++;
    }
    return kept + " … (" + (words.length - used) + " more words)";
  }

  /** The items joined with ", ", as many whole items as fit, then "(N more)". */
  static String list(String prefix, List<String> items, int limit) {
    StringBuilder kept = new StringBuilder(prefix);
    for (int i = 0; i < items.size(); i++) {
      String item = (i == 0 ? "" : ", ") + items.get(i);
      String more = i == items.size() - 1 ? "" : " (" + (items.size() - i - 1) + " more)";
      if (kept.length() + item.length() + more.length() > limit) {
        return kept + " (" + (items.size() - i) + " more)";
      }
      kept.append(item);
    }
    return kept.toString();
  }
}
