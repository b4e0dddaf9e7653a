package io.sandboxegress.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sandboxegress.testing.ApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CycloneDX SBOM the build makes of the jar (cyclonedx-maven-plugin, before the tests):
 * every dependency the jar ships is in it with its version, purl and SHA-256, and no test tool is.
 */
class SbomTest {

  static final Path ROOT = ApiServer.projectRoot();
  static final Path SBOM = ROOT.resolve("target/sandbox-egress-operator.cdx.json");

  static JsonNode bom;
  static Map<String, JsonNode> components = new LinkedHashMap<>();

  @BeforeAll
  static void readTheSbom() throws Exception {
    assertThat(SBOM).as("the build writes it at generate-resources (mvn generate-resources)").exists();
    bom = new ObjectMapper().readTree(SBOM.toFile());
    bom.path("components").forEach(c -> components.put(c.path("group").asText() + ":" + c.path("name").asText(), c));
  }

  @Test
  void itDescribesTheOperatorApplicationInCycloneDx16() {
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("sandbox-egress-operator");
    assertThat(bom.path("metadata").path("component").path("type").asText()).isEqualTo("application");
    assertThat(components).hasSizeGreaterThan(30);
    assertThat(components.values()).allSatisfy(c -> {
      assertThat(c.path("purl").asText()).startsWith("pkg:maven/");
      assertThat(StreamSupport.stream(c.path("hashes").spliterator(), false).map(h -> h.path("alg").asText()))
          .as(c.path("purl").asText()).contains("SHA-256");
    });
  }

  @Test
  void everyShippedDependencyOfThePomIsInItAndNoTestOne() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    Map<String, String> properties = new LinkedHashMap<>();
    NodeList props = ((Element) project.getElementsByTagName("properties").item(0)).getChildNodes();
    for (int i = 0; i < props.getLength(); i++) {
      if (props.item(i) instanceof Element e) {
        properties.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    Element dependencies = direct(project, "dependencies").get(0);
    List<Element> declared = direct(dependencies, "dependency");
    assertThat(declared).isNotEmpty();
    for (Element dependency : declared) {
      String key = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
      if ("test".equals(text(dependency, "scope"))) {
        assertThat(components).as("a test dependency is not shipped").doesNotContainKey(key);
      } else {
        assertThat(components).as("a shipped dependency").containsKey(key);
        String version = text(dependency, "version");
        if (version != null) {
          String resolved = version.startsWith("${") ? properties.get(version.substring(2, version.length() - 1)) : version;
          assertThat(components.get(key).path("version").asText()).as(key).isEqualTo(resolved);
        }
      }
    }
  }

  private static List<Element> direct(Element parent, String tag) {
    NodeList children = parent.getChildNodes();
    List<Element> found = new java.util.ArrayList<>();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        found.add(e);
      }
    }
    return found;
  }

  private static String text(Element parent, String tag) {
    List<Element> found = direct(parent, tag);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }
}
