package io.sandboxegress.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.plan.FieldError;
import java.util.List;

/**
 * One YAML document as a SandboxEgress, typed as the API server types it: a port is an integer
 * (not {@code 443.5}, not {@code "443"}), a label value a string, a flag true or false. What does
 * not fit is a field error in the cluster's words, never in Java's.
 */
final class SandboxEgressReader {

  private static final ObjectMapper MAPPER = strictMapper();

  private SandboxEgressReader() {}

  /** The SandboxEgress in {@code node}, or {@code null} with the reason added to {@code errors}. */
  static SandboxEgress read(JsonNode node, List<FieldError> errors) {
    String apiVersion = node.path("apiVersion").asText("");
    String kind = node.path("kind").asText("");
    if (!node.isObject() || !SandboxEgress.KIND.equals(kind)
        || !SandboxEgress.API_VERSION.equals(apiVersion)) {
      errors.add(new FieldError("kind", "expected kind " + SandboxEgress.KIND + " and apiVersion "
          + SandboxEgress.API_VERSION + ", found kind '" + kind + "' and apiVersion '"
          + apiVersion + "'"));
      return null;
    }
    try {
      return MAPPER.treeToValue(node, SandboxEgress.class);
    } catch (UnrecognizedPropertyException e) {
      errors.add(new FieldError(path(e), "unknown field '" + e.getPropertyName()
          + "': check its spelling against the SandboxEgress API"));
    } catch (MismatchedInputException e) {
      errors.add(new FieldError(path(e), expected(e, node)));
    } catch (JsonProcessingException e) {
      errors.add(new FieldError(path(e), ErrorLine.of(e)));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("(document)", "cannot be read as a SandboxEgress"));
    }
    return null;
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // the API server converts no scalar into another type: neither may this reader
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
        LogicalType.Textual, LogicalType.Enum)) {
      for (CoercionInputShape shape : List.of(CoercionInputShape.String,
          CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
        mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
      }
    }
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer,
        CoercionAction.TryConvert);
    mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String,
        CoercionAction.TryConvert);
    mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String,
        CoercionAction.TryConvert);
    mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Boolean,
        CoercionAction.TryConvert);
    return mapper;
  }

  /**
   * What the field takes, in {@link ErrorLine}'s words, with the value the document has there
   * when Jackson did not say it ("'443.5' is not a whole number").
   */
  private static String expected(MismatchedInputException e, JsonNode document) {
    String line = ErrorLine.of(e);
    JsonNode value = document.at(pointer(e));
    if (line.startsWith("expected ") && value.isValueNode() && !value.isNull()) {
      return "'" + value.asText() + "' is not " + line.substring("expected ".length());
    }
    return line;
  }

  /** The JSON pointer of the field {@code e} is about, to show the value the document has. */
  private static JsonPointer pointer(JsonMappingException e) {
    JsonPointer pointer = JsonPointer.empty();
    for (var reference : e.getPath()) {
      pointer = reference.getIndex() >= 0 ? pointer.appendIndex(reference.getIndex())
          : pointer.appendProperty(reference.getFieldName());
    }
    return pointer;
  }

  private static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "(document)";
    }
    StringBuilder path = new StringBuilder();
    for (var reference : mapping.getPath()) {
      if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      } else if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      }
    }
    return path.length() == 0 ? "(document)" : path.toString();
  }
}
