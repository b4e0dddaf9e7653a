package io.sandboxegress.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The YAML documents {@code render} reads, bounded so that no input makes it work for long: at
 * most {@value #MAX_BYTES} bytes (less than the API server stores in one object; a SandboxEgress,
 * at most 100 rules, is a few KiB), {@value #MAX_DOCUMENTS} documents and {@value #MAX_DEPTH}
 * levels of nesting, read strictly (no duplicate keys, no aliases).
 */
final class RenderInput {

  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_DOCUMENTS = 1000;
  static final int MAX_DEPTH = 32;

  /**
   * Why the input cannot be rendered.
   *
   * @param document the number of the document it is about, from 1; 0 for the input as a whole
   * @param field the field path, or the option for the input as a whole
   */
  static final class Refused extends Exception {
    private final int document;
    private final String field;

    Refused(int document, String field, String message) {
      super(message, null, false, false);
      this.document = document;
      this.field = field;
    }

    int document() {
      return document;
    }

    String field() {
      return field;
    }
  }

  private RenderInput() {}

  /** The non-empty documents of {@code file} ({@code -} reads {@code stdin}), in order. */
  static List<JsonNode> read(String file, InputStream stdin) throws Refused {
    return documents(bytes(file, stdin));
  }

  private static byte[] bytes(String file, InputStream stdin) throws Refused {
    if (file.equals("-")) {
      return bounded(stdin, "stdin");
    }
    try {
      Path path = Path.of(file);
      if (Files.isDirectory(path)) {
        throw new Refused(0, "--filename", file + ": is a directory, not a file");
      }
      // a size known up front is refused before a byte is read
      if (Files.isRegularFile(path) && Files.size(path) > MAX_BYTES) {
        throw tooLarge(file);
      }
      try (InputStream in = Files.newInputStream(path)) {
        return bounded(in, file);
      }
    } catch (NoSuchFileException e) {
      throw new Refused(0, "--filename", file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new Refused(0, "--filename", file + ": permission denied");
    } catch (InvalidPathException e) {
      throw new Refused(0, "--filename", file + ": not a file name");
    } catch (IOException e) {
      throw new Refused(0, "--filename", file + ": cannot read it: " + e.getMessage());
    }
  }

  private static byte[] bounded(InputStream in, String name) throws Refused {
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge(name);
      }
      return bytes;
    } catch (IOException e) {
      throw new Refused(0, "--filename", name + ": cannot read it: " + e.getMessage());
    }
  }

  private static Refused tooLarge(String name) {
    return new Refused(0, "--filename", name + ": larger than " + MAX_BYTES / (1024 * 1024)
        + " MiB, far more than SandboxEgress objects take: split the stream");
  }

  private static List<JsonNode> documents(byte[] bytes) throws Refused {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_BYTES);
    loader.setNestingDepthLimit(MAX_DEPTH);
    // rebuild() keeps the default parser features (an empty document is null, not "")
    YAMLFactory factory = new YAMLFactory().rebuild().loaderOptions(loader)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_BYTES).build())
        .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = new StrictYamlParser((YAMLParser) factory.createParser(bytes));
        MappingIterator<JsonNode> iterator = mapper.readerFor(JsonNode.class).readValues(parser)) {
      while (iterator.hasNextValue()) {
        JsonNode node = iterator.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          if (documents.size() == MAX_DOCUMENTS) {
            throw new Refused(0, "--filename", "more than " + MAX_DOCUMENTS + " documents:"
                + " split the stream");
          }
          documents.add(node);
        }
      }
    } catch (StrictYamlParser.Refusal e) {
      throw new Refused(documents.size() + 1, e.field(), e.getOriginalMessage());
    } catch (StreamConstraintsException e) {
      throw new Refused(documents.size() + 1, "(document)", "nested deeper than " + MAX_DEPTH
          + " levels: a SandboxEgress is far flatter");
    } catch (IOException e) {
      throw new Refused(documents.size() + 1, "(document)", "cannot read it as YAML: "
          + firstLine(e.getMessage()));
    }
    return documents;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
