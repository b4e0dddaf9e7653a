package io.sandboxegress.diagnose;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Label selectors as kubectl writes them: {@code app=sandbox,tier!=web,gpu,!legacy}. */
public final class SelectorText {

  private static final Pattern KEY = Pattern.compile(
      "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private SelectorText() {}

  /**
   * Parses {@code k=v}, {@code k==v}, {@code k!=v}, {@code k} and {@code !k} terms joined by commas.
   *
   * @throws IllegalArgumentException naming the term that is not one of those
   */
  public static LabelSelector parse(String text) {
    Map<String, String> matchLabels = new TreeMap<>();
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String term = raw.trim();
      if (term.startsWith("!")) {
        expressions.add(requirement(key(term.substring(1), raw), LabelRequirement.DOES_NOT_EXIST, null));
      } else if (term.contains("!=")) {
        int at = term.indexOf("!=");
        expressions.add(requirement(key(term.substring(0, at), raw), LabelRequirement.NOT_IN,
            value(term.substring(at + 2), raw)));
      } else if (term.contains("=")) {
        int at = term.indexOf('=');
        int valueAt = term.startsWith("==", at) ? at + 2 : at + 1;
        String key = key(term.substring(0, at), raw);
        if (matchLabels.put(key, value(term.substring(valueAt), raw)) != null) {
          throw new IllegalArgumentException("'" + raw.trim() + "': label " + key + " is given twice");
        }
      } else {
        expressions.add(requirement(key(term, raw), LabelRequirement.EXISTS, null));
      }
    }
    return new LabelSelectorBuilder()
        .withMatchLabels(matchLabels.isEmpty() ? null : matchLabels)
        .withMatchExpressions(expressions.isEmpty() ? null : expressions)
        .build();
  }

  /** The selector in kubectl's words; {@code (every pod)} for a null or empty one. */
  public static String describe(LabelSelector selector) {
    List<String> terms = new ArrayList<>();
    if (selector != null && selector.getMatchLabels() != null) {
      new TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> terms.add(k + "=" + v));
    }
    if (selector != null && selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        terms.add(switch (r.getOperator()) {
          case LabelRequirement.EXISTS -> r.getKey();
          case LabelRequirement.DOES_NOT_EXIST -> "!" + r.getKey();
          case LabelRequirement.NOT_IN -> values.size() == 1 ? r.getKey() + "!=" + values.get(0)
              : r.getKey() + " notin (" + String.join(",", values) + ")";
          default -> r.getKey() + " " + r.getOperator().toLowerCase(java.util.Locale.ROOT) + " (" + String.join(",", values) + ")";
        });
      }
    }
    return terms.isEmpty() ? "(every pod)" : String.join(",", terms);
  }

  /** Istio's plain label map in the same words. */
  public static String describe(Map<String, String> labels) {
    return describe(new LabelSelectorBuilder().withMatchLabels(labels).build());
  }

  private static String key(String key, String term) {
    String trimmed = key.trim();
    if (!KEY.matcher(trimmed).matches() || trimmed.length() > 317) {
      throw new IllegalArgumentException("'" + term.trim() + "' is not a label selector term: use"
          + " key=value, key!=value, key or !key, joined by commas");
    }
    return trimmed;
  }

  private static String value(String value, String term) {
    String trimmed = value.trim();
    if (!VALUE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("'" + term.trim() + "': '" + trimmed + "' is not a label"
          + " value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
    }
    return trimmed;
  }

  private static LabelSelectorRequirement requirement(String key, String operator, String value) {
    return new LabelSelectorRequirement(key, operator, value == null ? null : List.of(value));
  }
}
