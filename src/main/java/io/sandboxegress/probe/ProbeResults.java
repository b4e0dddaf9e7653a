package io.sandboxegress.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of probe results, as the probe pod writes it (stdout and termination message) and
 * the operator reads it back: a compact array of objects with the fields of {@link ProbeResult}.
 */
public final class ProbeResults {

  /** The most of a termination message Kubernetes keeps, in bytes. */
  public static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ELLIPSIS = "...";

  private ProbeResults() {}

  public static String toJson(List<ProbeResult> results) {
    ArrayNode array = MAPPER.createArrayNode();
    for (ProbeResult result : results) {
      ObjectNode object = array.addObject();
      object.put("target", result.target());
      object.put("outcome", result.outcome());
      object.put("reason", result.reason());
      object.put("detail", result.detail());
      object.put("latencyMillis", result.latencyMillis());
    }
    try {
      return MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write probe results as JSON", e);
    }
  }

  /**
   * The JSON of {@code results} in at most {@code maxBytes} bytes of UTF-8. Details are shortened:
   * every detail longer than one common limit is cut to it and ends in {@value #ELLIPSIS}. If it
   * does not fit even without details, trailing results are left out, so a reader must expect fewer
   * results than targets.
   */
  public static String toJson(List<ProbeResult> results, int maxBytes) {
    String full = toJson(results);
    if (bytes(full) <= maxBytes) {
      return full;
    }
    List<ProbeResult> kept = new ArrayList<>(results);
    while (!kept.isEmpty() && bytes(toJson(withDetailsCut(kept, 0))) > maxBytes) {
      kept.remove(kept.size() - 1);
    }
    // The longest cut that fits: a longer cut never makes the JSON shorter.
    int fits = 0;
    int longest = kept.stream().mapToInt(result -> length(result.detail())).max().orElse(0);
    while (fits < longest) {
      int middle = (fits + longest + 1) >>> 1;
      if (bytes(toJson(withDetailsCut(kept, middle))) <= maxBytes) {
        fits = middle;
      } else {
        longest = middle - 1;
      }
    }
    return toJson(withDetailsCut(kept, fits));
  }

  /**
   * Reads results back, ignoring fields it does not know; a missing text field is {@code null}, a
   * missing {@code latencyMillis} is 0.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON array of objects
   */
  public static List<ProbeResult> fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "probe results are not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("probe results must be a JSON array");
    }
    List<ProbeResult> results = new ArrayList<>();
    for (JsonNode node : root) {
      if (!node.isObject()) {
        throw new IllegalArgumentException("each probe result must be a JSON object, not " + node);
      }
      results.add(new ProbeResult(text(node, "target"), text(node, "outcome"),
          text(node, "reason"), text(node, "detail"), node.path("latencyMillis").asLong(0)));
    }
    return results;
  }

  private static List<ProbeResult> withDetailsCut(List<ProbeResult> results, int maxChars) {
    return results.stream()
        .map(result -> new ProbeResult(result.target(), result.outcome(), result.reason(),
            cut(result.detail(), maxChars), result.latencyMillis()))
        .toList();
  }

  private static String cut(String detail, int maxChars) {
    if (detail == null || detail.length() <= maxChars) {
      return detail;
    }
    if (maxChars <= ELLIPSIS.length()) {
      return "";
    }
    int end = maxChars - ELLIPSIS.length();
    if (Character.isHighSurrogate(detail.charAt(end - 1))) {
      end--;
    }
    return detail.substring(0, end) + ELLIPSIS;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
