package io.sandboxegress.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series a PromQL query (or a Grafana {@code label_values(...)} query) reads: its metric names,
 * the label names matched on each, and the labels it groups or joins by. Enough PromQL to check a
 * dashboard's and the alerts' queries against a scrape, not a parser for every query.
 */
record PromQl(Map<String, Set<String>> matchers, Set<String> groupingLabels) {

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)\\}");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
      "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

  static PromQl parse(String query) {
    String expr = STRING.matcher(query).replaceAll("\"\"");
    Set<String> grouping = new LinkedHashSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(expr);
    if (labelValues.matches()) {
      expr = labelValues.group(1);
      grouping.add(labelValues.group(2));
    }
    Map<String, Set<String>> matchers = new LinkedHashMap<>();
    StringBuilder rest = new StringBuilder();
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      String metric = selector.group(1);
      Set<String> labels = new LinkedHashSet<>();
      Matcher matcher = MATCHER.matcher(selector.group(2));
      while (matcher.find()) {
        labels.add(matcher.group(1));
      }
      if (metric == null) {
        metric = labels.contains("__name__") ? null : "";
      }
      if (metric != null) {
        matchers.computeIfAbsent(metric, m -> new LinkedHashSet<>()).addAll(labels);
      }
      selector.appendReplacement(rest, " ");
    }
    selector.appendTail(rest);
    expr = rest.toString();
    Matcher group = GROUPING.matcher(expr);
    while (group.find()) {
      for (String label : group.group(1).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.strip());
        }
      }
    }
    expr = GROUPING.matcher(expr).replaceAll(" ");
    expr = expr.replaceAll("\\[[^\\]]*\\]", " ").replaceAll("\\b\\d+(\\.\\d+)?[smhdwy]?\\b", " ");
    Matcher identifier = IDENTIFIER.matcher(expr);
    while (identifier.find()) {
      String name = identifier.group();
      boolean function = expr.substring(identifier.end()).matches("(?s)\\s*\\(.*");
      if (!function && !KEYWORDS.contains(name.toLowerCase())) {
        matchers.computeIfAbsent(name, m -> new LinkedHashSet<>());
      }
    }
    matchers.remove("");
    return new PromQl(matchers, grouping);
  }

  Set<String> metrics() {
    return matchers.keySet();
  }

  /**
   * What in this query a scrape does not serve: metric names it lacks, labels no series of that
   * metric carries, grouping labels none of the query's metrics carries. Labels in
   * {@code targetLabels} are the ones Prometheus adds to every series it scrapes.
   */
  List<String> problems(Scrape scrape, Set<String> targetLabels) {
    List<String> problems = new ArrayList<>();
    if (matchers.isEmpty()) {
      problems.add("names no metric");
    }
    Set<String> available = new LinkedHashSet<>(targetLabels);
    matchers.forEach((metric, labels) -> {
      if (!scrape.series().containsKey(metric)) {
        problems.add("metric " + metric + " is not served");
        return;
      }
      available.addAll(scrape.series().get(metric));
      for (String label : labels) {
        if (!scrape.series().get(metric).contains(label) && !targetLabels.contains(label)) {
          problems.add("no series of " + metric + " has label " + label);
        }
      }
    });
    for (String label : groupingLabels) {
      if (!available.contains(label)) {
        problems.add("no metric of the query has label " + label);
      }
    }
    return problems;
  }

  /** A Prometheus text scrape: each series name with the label names its samples carry. */
  record Scrape(Map<String, Set<String>> series) {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? \\S+");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    static Scrape of(String text) {
      Map<String, Set<String>> series = new LinkedHashMap<>();
      Matcher sample = SAMPLE.matcher(text);
      while (sample.find()) {
        Set<String> labels = series.computeIfAbsent(sample.group(1), n -> new LinkedHashSet<>());
        if (sample.group(3) != null) {
          Matcher label = LABEL.matcher(sample.group(3));
          while (label.find()) {
            labels.add(label.group(1));
          }
        }
      }
      return new Scrape(series);
    }
  }
}
