package io.sandboxegress.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Samples of a Prometheus text exposition: {@code name{labels} value} lines. */
record PrometheusText(String text) {

  /** The sum of the samples of {@code name} whose labels contain {@code labelFragment}. */
  double sum(String name, String labelFragment) {
    double sum = 0;
    for (Map.Entry<String, Double> sample : samples(name).entrySet()) {
      if (sample.getKey().contains(labelFragment)) {
        sum += sample.getValue();
      }
    }
    return sum;
  }

  /** The samples of {@code name}, by their label set as written. */
  Map<String, Double> samples(String name) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      if (!series.equals(name) && !series.startsWith(name + "{")) {
        continue;
      }
      samples.put(series.substring(name.length()), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }

  /** The value of one label in a label set as written, or "" when it is not there. */
  static String label(String labels, String label) {
    String key = label + "=\"";
    int start = labels.startsWith("{" + key) ? 1 + key.length() : labels.indexOf("," + key);
    if (start < 0) {
      return "";
    }
    if (!labels.startsWith("{" + key)) {
      start += 1 + key.length();
    }
    return labels.substring(start, labels.indexOf('"', start));
  }
}
