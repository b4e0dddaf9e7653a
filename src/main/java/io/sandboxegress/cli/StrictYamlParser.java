package io.sandboxegress.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A YAML parser that refuses what would make the cluster see another object than this program: a
 * key given twice in one mapping (kubectl refuses it; a lenient reader keeps the last one) and an
 * alias ({@code *name}), which Jackson reads as the anchor's name instead of its value. It also
 * stops at a list of more than {@value #MAX_LIST_ITEMS} items, ten times the longest the API
 * takes, so that a long list is refused before it is read to its end.
 */
final class StrictYamlParser extends JsonParserDelegate {

  static final int MAX_LIST_ITEMS = 1000;

  /** A refusal with the field path where it happened. */
  static final class Refusal extends JsonParseException {
    private final String field;

    Refusal(JsonParser parser, String field, String message) {
      super(parser, message);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  private final YAMLParser yaml;
  private final Deque<Set<String>> keys = new ArrayDeque<>();

  StrictYamlParser(YAMLParser yaml) {
    super(yaml);
    this.yaml = yaml;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken token = super.nextToken();
    if (token == null) {
      return null;
    }
    if (yaml.isCurrentAlias()) {
      throw new Refusal(this, path(getParsingContext()), "a YAML alias (*" + getText()
          + ") is not supported here: write the value out");
    }
    JsonStreamContext container = token.isStructStart() ? getParsingContext().getParent()
        : getParsingContext();
    if (!token.isStructEnd() && container != null && container.inArray()
        && container.getCurrentIndex() >= MAX_LIST_ITEMS) {
      throw new Refusal(this, path(container), "a list of more than " + MAX_LIST_ITEMS
          + " items, far more than the API takes in any list");
    }
    switch (token) {
      case START_OBJECT -> keys.push(new HashSet<>());
      case END_OBJECT -> keys.pop();
      case FIELD_NAME -> {
        if (!keys.peek().add(currentName())) {
          throw new Refusal(this, path(getParsingContext()), "duplicate key (line "
              + currentLocation().getLineNr() + "): a key may appear once in a mapping; the"
              + " cluster refuses the document");
        }
      }
      default -> { }
    }
    return token;
  }

  @Override
  public JsonParser skipChildren() throws IOException {
    // every token goes through nextToken(), so that the checks above see them all
    if (currentToken() != JsonToken.START_OBJECT && currentToken() != JsonToken.START_ARRAY) {
      return this;
    }
    int open = 1;
    while (open > 0) {
      JsonToken token = nextToken();
      if (token == null) {
        return this;
      }
      if (token.isStructStart()) {
        open++;
      } else if (token.isStructEnd()) {
        open--;
      }
    }
    return this;
  }

  /** {@code spec.allow[2].cidr}: the path to the context's current field or element. */
  static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inArray()) {
        path.insert(0, "[" + Math.max(at.getCurrentIndex(), 0) + "]");
      } else if (at.getCurrentName() != null) {
        path.insert(0, "." + at.getCurrentName());
      }
    }
    return path.length() == 0 ? "(document)"
        : path.charAt(0) == '.' ? path.substring(1) : path.toString();
  }
}
