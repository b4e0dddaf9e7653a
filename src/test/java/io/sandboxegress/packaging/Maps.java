package io.sandboxegress.packaging;

import java.util.List;
import java.util.Map;

/** Reading paths in the nested maps a YAML document becomes. */
final class Maps {

  private Maps() {}

  static Object at(Object root, Object... path) {
    Object current = root;
    for (Object step : path) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list && step instanceof Integer index) {
        current = index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  static String string(Object root, Object... path) {
    Object value = at(root, path);
    return value == null ? null : value.toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object root, Object... path) {
    Object value = at(root, path);
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object root, Object... path) {
    Object value = at(root, path);
    return value == null ? List.of() : (List<Object>) value;
  }
}
