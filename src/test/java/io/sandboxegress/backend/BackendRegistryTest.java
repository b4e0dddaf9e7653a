package io.sandboxegress.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.compile.Compilation;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.DataPlaneResolver;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.IstioApis;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.ProtectedNamespace;
import io.sandboxegress.reconcile.SandboxEgressReconciler;
import io.sandboxegress.render.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry is the truth about kinds: everything rendered has an owning backend, and every
 * owned kind is applied, watched and checked for Istio by the code that should.
 */
class BackendRegistryTest {

  private static final List<Map<String, String>> NAMESPACE_LABELS = Stream.of(DataPlane.values())
      .map(DataPlaneResolver::namespaceLabelsFor).toList();

  @Test
  void everyRenderedObjectHasABackendThatOwnsItsKindWhereItLives() throws IOException {
    List<String> rendered = new ArrayList<>();
    for (Bundle bundle : everyExampleOnEveryDataPlane()) {
      for (HasMetadata object : bundle.objects()) {
        boolean elsewhere = Bundle.isCrossNamespace(object);
        assertThat(Backends.kinds())
            .as("%s %s/%s (%s) has an owner", object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName(), elsewhere ? "gateway namespace" : "owner namespace")
            .anyMatch(k -> k.type().equals(object.getClass())
                && (elsewhere ? k.inGatewayNamespace() : k.inOwnerNamespace()));
        rendered.add(object.getKind());
      }
    }
    assertThat(new TreeSet<>(rendered)).containsExactly("AuthorizationPolicy", "DestinationRule", "Gateway",
        "NetworkPolicy", "ServiceEntry", "Sidecar", "VirtualService");
  }

  @Test
  void everyKindInTheOwnersNamespaceIsAppliedByADependentOfTheReconciler() throws Exception {
    Set<Class<?>> applied = new HashSet<>();
    for (Dependent dependent : SandboxEgressReconciler.class.getAnnotation(Workflow.class).dependents()) {
      // a backend's dependents live with the registry, on the one way of applying a bundle's objects
      assertThat(dependent.type().getPackage()).isEqualTo(Backends.class.getPackage());
      assertThat(BundleDependent.class).isAssignableFrom(dependent.type());
      DependentResource<?, ?> instance = dependent.type().getConstructor().newInstance();
      applied.add(instance.resourceType());
      // the Istio ones are active exactly when the bundle was rendered with Istio
      assertThat(dependent.activationCondition() == IstioServed.class).as(dependent.name())
          .isEqualTo(HasMetadata.getGroup(instance.resourceType()).endsWith("istio.io"));
    }
    Set<Class<?>> owned = Backends.kinds().stream().filter(OwnedKind::inOwnerNamespace).map(OwnedKind::type)
        .collect(Collectors.toSet());
    assertThat(applied).isEqualTo(owned);
  }

  @Test
  void theIstioKindsAreExactlyTheOnesWhosePresenceIsChecked() {
    Set<String> owned = Backends.kinds().stream().filter(k -> k.group().endsWith("istio.io"))
        .map(k -> HasMetadata.getApiVersion(k.type()) + " " + k.kind()).collect(Collectors.toSet());
    Set<String> checked = IstioApis.RENDERED_KINDS.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(kind -> e.getKey() + " " + kind)).collect(Collectors.toSet());
    assertThat(checked).isEqualTo(owned);
  }

  private static List<Bundle> everyExampleOnEveryDataPlane() throws IOException {
    EgressCompiler compiler = new EgressCompiler();
    CompileFacts facts = new CompileFacts(true, ClusterNetworks.defaults(List.of("10.244.0.0/16"),
        List.of("10.96.0.0/12")), IstioMesh.defaults(), ProtectedNamespace.ALWAYS);
    List<Bundle> bundles = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        SandboxEgress cr = Serialization.unmarshal(Files.readString(file), SandboxEgress.class);
        for (Map<String, String> labels : NAMESPACE_LABELS) {
          Compilation compiled = compiler.compile(cr, labels, facts);
          if (!compiled.isRefused()) {
            bundles.add(compiled.bundle());
          }
        }
      }
    }
    assertThat(bundles).hasSizeGreaterThan(10);
    return bundles;
  }
}
