package io.sandboxegress.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sandboxegress.api.EgressGatewaySpec;
import io.sandboxegress.api.IstioSpec;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.EgressPlan;
import io.sandboxegress.plan.EgressPlanner;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.plan.PlanResult;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.render.BundleYaml;
import io.sandboxegress.render.UnsupportedDataPlaneException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code render -f CR.yaml}: the objects the operator would apply, offline, as a YAML stream in a
 * stable order. Nothing is printed to stdout unless every SandboxEgress in the file is valid.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = {"Prints the objects the operator would apply for each SandboxEgress in a file,"
        + " as a multi-document YAML stream, without a cluster.",
        "Exits 2 and names the field when the input is invalid."})
public final class RenderCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int INVALID = 2;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "CR.yaml",
      description = "File with one or more SandboxEgress documents; - reads stdin.")
  private String file;

  @Option(names = "--data-plane", paramLabel = "none|sidecar|ambient", defaultValue = "none",
      description = "The data plane of the namespace when istio.mode is Auto (default: ${DEFAULT-VALUE}).")
  private String dataPlane;

  @Option(names = "--egress-gateway-namespace", paramLabel = "NS",
      description = "Route allowed hosts through the Istio egress gateway in this namespace, as if"
          + " each SandboxEgress named it in spec.istio.egressGateway (overrides it).")
  private String egressGatewayNamespace;

  @Option(names = "--egress-gateway-selector", paramLabel = "KEY=VALUE",
      description = "A label of the egress gateway pods, with --egress-gateway-namespace"
          + " (default: istio=egressgateway).")
  private Map<String, String> egressGatewaySelector = new LinkedHashMap<>();

  @Option(names = "--waypoint", paramLabel = "NAME",
      description = "The waypoint that ambient hosts go through, in the SandboxEgress's namespace"
          + " (default: ${DEFAULT-VALUE}).", defaultValue = "waypoint")
  private String waypoint;

  @Option(names = "--pod-cidr", paramLabel = "CIDR",
      description = "A pod range of the cluster; stays blocked unless a rule says private: true.")
  private List<String> podCidrs = new ArrayList<>();

  @Option(names = "--service-cidr", paramLabel = "CIDR",
      description = "A service range of the cluster; stays blocked unless a rule says private: true.")
  private List<String> serviceCidrs = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!egressGatewaySelector.isEmpty() && egressGatewayNamespace == null) {
      return invalid(err, "--egress-gateway-selector: needs --egress-gateway-namespace");
    }
    DataPlane namespaceDataPlane;
    switch (dataPlane.toLowerCase(Locale.ROOT)) {
      case "none" -> namespaceDataPlane = DataPlane.NONE;
      case "sidecar" -> namespaceDataPlane = DataPlane.SIDECAR;
      case "ambient" -> namespaceDataPlane = DataPlane.AMBIENT;
      default -> {
        return invalid(err, "--data-plane: must be none, sidecar or ambient, not '" + dataPlane + "'");
      }
    }
    List<JsonNode> documents;
    try {
      documents = readDocuments();
    } catch (IOException e) {
      return invalid(err, file + ": cannot read it as YAML: " + firstLine(e.getMessage()));
    }
    if (documents.isEmpty()) {
      return invalid(err, file + ": no SandboxEgress found");
    }
    ClusterNetworks networks = ClusterNetworks.defaults(podCidrs, serviceCidrs);
    IstioMesh mesh = IstioMesh.defaults().withWaypoint(waypoint, null);
    EgressPlanner planner = new EgressPlanner();
    BundleRenderer renderer = new BundleRenderer();
    StringBuilder out = new StringBuilder();
    boolean valid = true;
    for (int i = 0; i < documents.size(); i++) {
      List<FieldError> errors = new ArrayList<>();
      String where = file + " document " + (i + 1);
      SandboxEgress cr = toSandboxEgress(documents.get(i), errors);
      if (cr != null) {
        overrideEgressGateway(cr);
        where += " (SandboxEgress " + cr.getMetadata().getNamespace() + "/"
            + cr.getMetadata().getName() + ")";
        PlanResult result = planner.plan(cr, networks);
        errors.addAll(result.errors());
        if (result.isValid()) {
          render(renderer, result.orElseThrow(), namespaceDataPlane, networks, mesh, out, errors);
        }
      }
      if (!errors.isEmpty()) {
        valid = false;
        err.println(where + " is invalid:");
        errors.forEach(error -> err.println(error.field() + ": " + error.message()));
      }
    }
    err.flush();
    if (!valid) {
      return INVALID;
    }
    spec.commandLine().getOut().print(out);
    spec.commandLine().getOut().flush();
    return OK;
  }

  /** {@code --egress-gateway-namespace}: the gateway each SandboxEgress is rendered with. */
  private void overrideEgressGateway(SandboxEgress cr) {
    if (egressGatewayNamespace == null || cr.getSpec() == null) {
      return;
    }
    EgressGatewaySpec gateway = new EgressGatewaySpec();
    gateway.setNamespace(egressGatewayNamespace);
    gateway.setSelector(egressGatewaySelector.isEmpty()
        ? Map.of("istio", "egressgateway") : new LinkedHashMap<>(egressGatewaySelector));
    if (cr.getSpec().getIstio() == null) {
      cr.getSpec().setIstio(new IstioSpec());
    }
    cr.getSpec().getIstio().setEgressGateway(gateway);
  }

  private static void render(BundleRenderer renderer, EgressPlan plan, DataPlane namespaceDataPlane,
      ClusterNetworks networks, IstioMesh mesh, StringBuilder out, List<FieldError> errors) {
    DataPlane dataPlane = switch (plan.istioMode()) {
      case Off -> DataPlane.NONE;
      case Sidecar -> DataPlane.SIDECAR;
      case Ambient -> DataPlane.AMBIENT;
      case Auto -> namespaceDataPlane;
    };
    try {
      Bundle bundle = renderer.render(plan,
          new ClusterFacts(dataPlane != DataPlane.NONE, dataPlane, networks, mesh));
      out.append(BundleYaml.write(bundle));
    } catch (UnsupportedDataPlaneException e) {
      errors.add(new FieldError(e.field(), e.getMessage()));
    }
  }

  private List<JsonNode> readDocuments() throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        MappingIterator<JsonNode> iterator = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
      while (iterator.hasNextValue()) {
        JsonNode node = iterator.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }

  private static SandboxEgress toSandboxEgress(JsonNode node, List<FieldError> errors) {
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
      return new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .treeToValue(node, SandboxEgress.class);
    } catch (UnrecognizedPropertyException e) {
      errors.add(new FieldError(path(e), "unknown field '" + e.getPropertyName()
          + "': check its spelling against the SandboxEgress API"));
    } catch (JsonProcessingException e) {
      errors.add(new FieldError(path(e), ErrorLine.of(e)));
    }
    return null;
  }

  private static String path(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping)) {
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static int invalid(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return INVALID;
  }
}
