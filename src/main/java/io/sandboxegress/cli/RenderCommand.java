package io.sandboxegress.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sandboxegress.api.EgressGatewaySpec;
import io.sandboxegress.api.IstioSpec;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.DataPlaneResolver;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.FieldError;
import io.sandboxegress.plan.Labels;
import io.sandboxegress.plan.ObjectMetaCheck;
import io.sandboxegress.render.BundleYaml;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Option(names = "--istio", paramLabel = "installed|absent", defaultValue = "installed",
      description = "Whether the cluster serves Istio's APIs (default: ${DEFAULT-VALUE}). With absent,"
          + " only NetworkPolicies are rendered and a SandboxEgress that asks for istio.mode Sidecar"
          + " or Ambient is refused, as the operator refuses it on such a cluster.")
  private String istio;

  @Mixin
  private ClusterFactsOptions clusterFacts = new ClusterFactsOptions();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<String> flagErrors = flagErrors();
    if (!flagErrors.isEmpty()) {
      flagErrors.forEach(err::println);
      err.flush();
      return INVALID;
    }
    Map<String, String> namespaceLabels;
    switch (dataPlane.toLowerCase(Locale.ROOT)) {
      case "none" -> namespaceLabels = DataPlaneResolver.namespaceLabelsFor(DataPlane.NONE);
      case "sidecar" -> namespaceLabels = DataPlaneResolver.namespaceLabelsFor(DataPlane.SIDECAR);
      case "ambient" -> namespaceLabels = DataPlaneResolver.namespaceLabelsFor(DataPlane.AMBIENT);
      default -> {
        return invalid(err, "--data-plane: must be none, sidecar or ambient, not '" + dataPlane + "'");
      }
    }
    if (!istio.equalsIgnoreCase("installed") && !istio.equalsIgnoreCase("absent")) {
      return invalid(err, "--istio: must be installed or absent, not '" + istio + "'");
    }
    boolean istioInstalled = istio.equalsIgnoreCase("installed");
    if (!istioInstalled && !namespaceLabels.isEmpty()) {
      return invalid(err, "--data-plane " + dataPlane + ": needs Istio, but --istio is absent");
    }
    List<JsonNode> documents;
    try {
      documents = RenderInput.read(file, System.in);
    } catch (RenderInput.Refused e) {
      return invalid(err, (e.document() > 0 ? file + " document " + e.document()
          + " is invalid:\n" : "") + e.field() + ": " + e.getMessage());
    }
    if (documents.isEmpty()) {
      return invalid(err, file + ": no SandboxEgress found");
    }
    Map<String, Integer> firstDocumentOf = new HashMap<>();
    CompileFacts facts = new CompileFacts(istioInstalled, clusterFacts.networks(),
        IstioMesh.defaults().withWaypoint(waypoint, null), clusterFacts.protectedNamespaces());
    EgressCompiler compiler = new EgressCompiler();
    StringBuilder out = new StringBuilder();
    boolean valid = true;
    for (int i = 0; i < documents.size(); i++) {
      List<FieldError> errors = new ArrayList<>();
      String where = file + " document " + (i + 1);
      SandboxEgress cr = SandboxEgressReader.read(documents.get(i), errors);
      if (cr != null && cr.getMetadata() == null) {
        errors.add(new FieldError("metadata", "set metadata.name and metadata.namespace"));
      } else if (cr != null) {
        overrideEgressGateway(cr);
        String id = cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
        where += " (SandboxEgress " + id + ")";
        checkWhereItGoes(id, i + 1, firstDocumentOf, errors);
        Compilation compiled = compiler.compile(cr, namespaceLabels, facts);
        errors.addAll(compiled.errors());
        if (!compiled.isRefused()) {
          out.append(BundleYaml.write(compiled.bundle()));
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

  /**
   * What applying the stream would lose: the namespace and name of an earlier document (applying
   * both keeps only the last).
   */
  private static void checkWhereItGoes(String id, int document, Map<String, Integer> firstDocumentOf,
      List<FieldError> errors) {
    Integer first = firstDocumentOf.putIfAbsent(id, document);
    if (first != null) {
      errors.add(new FieldError("metadata.name", "document " + first + " is SandboxEgress " + id
          + " too: one stream holds each namespace and name once (the second would replace the"
          + " first)"));
    }
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

  /** The options' own values, checked as the API server will check what they end up in. */
  private List<String> flagErrors() {
    List<String> errors = new ArrayList<>();
    if (!egressGatewaySelector.isEmpty() && egressGatewayNamespace == null) {
      errors.add("--egress-gateway-selector: needs --egress-gateway-namespace");
    }
    if (egressGatewayNamespace != null && !ObjectMetaCheck.isNamespaceName(egressGatewayNamespace)) {
      errors.add("--egress-gateway-namespace: '" + egressGatewayNamespace + "' is not a namespace"
          + " name: at most 63 lower-case letters, digits or '-', starting and ending with a"
          + " letter or digit");
    }
    egressGatewaySelector.forEach((key, value) -> {
      Labels.keyProblem(key).ifPresent(problem -> errors.add("--egress-gateway-selector: " + problem));
      Labels.valueProblem(value).ifPresent(problem ->
          errors.add("--egress-gateway-selector: " + problem));
      if (value == null || value.isEmpty()) {
        errors.add("--egress-gateway-selector: label " + key + " needs a value (KEY=VALUE)");
      }
    });
    // the waypoint's name is a Gateway's name and the value of the istio.io/use-waypoint label
    if (!ObjectMetaCheck.isShortObjectName(waypoint)) {
      errors.add("--waypoint: '" + waypoint + "' cannot name a waypoint: at most 63 lower-case"
          + " letters, digits, '-' or '.', starting and ending with a letter or digit");
    }
    errors.addAll(clusterFacts.problems());
    return errors;
  }

  private static int invalid(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return INVALID;
  }
}
