package io.sandboxegress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.compile.DataPlaneResolver;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@code render} prints is what the running operator applies: for every example and every
 * data plane of the namespace, the objects in the cluster equal render's output for the same
 * facts, field for field (once the fields the API server adds are set aside), and a spec one
 * refuses the other refuses.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderMatchesOperatorTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final List<String> POD_CIDRS = List.of("10.244.0.0/16", "fd00:10:244::/56");
  private static final List<String> SERVICE_CIDRS = List.of("10.96.0.0/12", "fd00:10:96::/112");
  /** --data-plane → the namespace labels that make the operator choose it. */
  private static final Map<String, Map<String, String>> DATA_PLANES = Map.of(
      "none", DataPlaneResolver.namespaceLabelsFor(DataPlane.NONE),
      "sidecar", DataPlaneResolver.namespaceLabelsFor(DataPlane.SIDECAR),
      "ambient", DataPlaneResolver.namespaceLabelsFor(DataPlane.AMBIENT));

  /** Keys in order at every level, so that two equal objects print the same. */
  private static final ObjectMapper SORTED_YAML = Serialization.yamlMapper().copy()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final KubernetesClient client;
  private final String base;
  private final List<String> namespaces = new ArrayList<>();
  private RunningOperator operator;

  RenderMatchesOperatorTest(KubernetesClient client, TestNamespace ns) {
    this.client = client;
    this.base = ns.name();
  }

  @BeforeAll
  void startOperator(ApiServer server) throws IOException {
    // a namespace per example and data plane: examples in one namespace would conflict
    for (int i = 0; i < examples().size(); i++) {
      for (Map.Entry<String, Map<String, String>> plane : DATA_PLANES.entrySet()) {
        createNamespace(namespace(i, plane.getKey()), plane.getValue());
      }
    }
    createNamespace(base + "-gw", Map.of());
    operator = RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(),
        Set.copyOf(namespaces), ClusterNetworks.defaults(POD_CIDRS, SERVICE_CIDRS), Duration.ofMinutes(10),
        ProbeSettings.defaults(), null));
  }

  @AfterAll
  void stop() {
    // deleted while the operator runs, so that its finalizer removes the gateway namespace's objects
    for (String namespace : namespaces) {
      client.resources(SandboxEgress.class).inNamespace(namespace).delete();
    }
    await().atMost(DEADLINE).until(() -> namespaces.stream()
        .allMatch(ns -> client.resources(SandboxEgress.class).inNamespace(ns).list().getItems().isEmpty()));
    operator.close();
    namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
  }

  @Test
  void everyExampleOnEveryDataPlaneIsAppliedExactlyAsRendered() throws IOException {
    List<String> compared = new ArrayList<>();
    List<Path> examples = examples();
    for (int i = 0; i < examples.size(); i++) {
      for (String plane : DATA_PLANES.keySet().stream().sorted().toList()) {
        compared.add(compare(examples.get(i), namespace(i, plane), plane));
      }
    }
    assertThat(compared).hasSize(15).anyMatch(c -> c.contains("Sidecar")).anyMatch(c -> c.contains("refused"));
  }

  /** One example in the namespace of one data plane; says what was compared. */
  private String compare(Path example, String namespace, String plane) {
    ObjectNode cr = (ObjectNode) Serialization.yamlMapper().valueToTree(
        Serialization.unmarshal(read(example), Map.class));
    ((ObjectNode) cr.get("metadata")).put("namespace", namespace);
    // DryRun applies nothing to compare with: the example is applied for real here
    ((ObjectNode) cr.get("spec")).remove("enforcement");
    JsonNode gateway = cr.path("spec").path("istio").path("egressGateway");
    if (gateway.isObject()) {
      ((ObjectNode) gateway).put("namespace", base + "-gw");
    }
    String name = cr.get("metadata").get("name").asText();
    Path file = writeTemp(cr);
    Run render = Run.of(renderArgs(file, plane));

    client.resource(Serialization.jsonMapper().convertValue(cr, SandboxEgress.class)).inNamespace(namespace)
        .serverSideApply();
    await().atMost(DEADLINE).untilAsserted(() -> {
      SandboxEgress s = SandboxEgresses.get(client, namespace, name);
      assertThat(s.getStatus()).as(namespace + "/" + name + " has a status").isNotNull();
      assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
      assertThat(isTrue(s, "Applied") || isTrue(s, "Stalled")).as("Applied or Stalled: %s",
          Serialization.asYaml(s.getStatus().getConditions())).isTrue();
    });
    SandboxEgress settled = SandboxEgresses.get(client, namespace, name);
    boolean refused = isTrue(settled, "Stalled") && !isTrue(settled, "Applied");
    String what = example.getFileName() + " on " + plane;
    if (render.exitCode() != 0) {
      assertThat(refused).as(what + ": render refused it: " + render.err()).isTrue();
      String stalled = SandboxEgresses.condition(settled, "Stalled").getMessage();
      String field = render.err().lines().skip(1).findFirst().orElseThrow();
      assertThat(stalled).as(what).contains(field);
      return what + ": refused by both";
    }
    assertThat(refused).as(what + ": the operator refused it: %s",
        SandboxEgresses.condition(settled, "Stalled").getMessage()).isFalse();
    Map<String, String> rendered = new TreeMap<>();
    try {
      for (GenericKubernetesResource object : Serialization.yamlMapper().readerFor(GenericKubernetesResource.class)
          .<GenericKubernetesResource>readValues(render.out()).readAll()) {
        rendered.put(key(object), canonical(object));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> applied = new TreeMap<>();
    for (ResourceRef ref : settled.getStatus().getResources()) {
      GenericKubernetesResource object = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind())
          .inNamespace(ref.getNamespace()).withName(ref.getName()).get();
      assertThat(object).as(what + ": " + ref.getKind() + " " + ref.getName() + " listed in status").isNotNull();
      applied.put(key(object), canonical(object));
    }
    assertThat(applied).as(what).isEqualTo(rendered);
    return what + ": " + String.join(", ", rendered.keySet());
  }

  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(ApiServer.projectRoot().resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private String namespace(int example, String plane) {
    return base + "-" + example + "-" + plane;
  }

  private String[] renderArgs(Path file, String plane) {
    List<String> args = new ArrayList<>(List.of("render", "-f", file.toString(), "--data-plane", plane,
        "--protected-namespace", "sandbox-egress-system"));
    POD_CIDRS.forEach(c -> args.addAll(List.of("--pod-cidr", c)));
    SERVICE_CIDRS.forEach(c -> args.addAll(List.of("--service-cidr", c)));
    return args.toArray(String[]::new);
  }

  private static String key(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /** The object without what the API server adds (identity, versions, owners, managed fields, status). */
  private static String canonical(HasMetadata object) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(object);
    ObjectNode metadata = (ObjectNode) tree.get("metadata");
    metadata.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "ownerReferences", "finalizers"));
    if (metadata.get("annotations") instanceof ObjectNode annotations) {
      // JOSDK's own bookkeeping of its last write, not part of what the operator renders
      annotations.remove("javaoperatorsdk.io/previous");
      if (annotations.isEmpty()) {
        metadata.remove("annotations");
      }
    }
    tree.remove("status");
    try {
      return SORTED_YAML.writeValueAsString(SORTED_YAML.convertValue(tree, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isTrue(SandboxEgress cr, String type) {
    return cr.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void createNamespace(String name, Map<String, String> labels) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
        .endMetadata().build()).create();
    namespaces.add(name);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeTemp(JsonNode cr) {
    try {
      Path file = Files.createTempFile("render-matches-", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, Serialization.asYaml(cr));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
