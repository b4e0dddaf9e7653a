package io.sandboxegress.bench;

import io.sandboxegress.backend.Backends;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.plan.EgressPlanner;
import io.sandboxegress.reconcile.OperatorConfig;
import io.sandboxegress.reconcile.ProbeSettings;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * DESIGN §9's speed targets, measured on the local API server. A benchmark, not a test: it prints
 * numbers and asserts nothing about time. Run it with
 * {@code mvn -B test -Dbenchmark=true -Dtest=ApplyBenchmark [-Dbenchmark.crs=1000]}; the numbers
 * measured are in docs/benchmarks.md.
 */
@WithApiServer
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ApplyBenchmark {

  private static final int CRS = Integer.getInteger("benchmark.crs", 200);
  private static final ClusterNetworks NETWORKS =
      ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12"));
  private static final String SPEC = """
      podSelector: {matchLabels: {app: sandbox-%d}}
      allow:
        - host: pypi.org
        - host: files.pythonhosted.org
        - host: "*.githubusercontent.com"
          ports: [{number: 443, protocol: TLS}]
        - cidr: 140.82.112.0/20
          ports: [{number: 22}]
      """;

  @Test
  void renderApplyAndStartup(ApiServer server, KubernetesClient client) throws Exception {
    renderOneCr();
    long direct = applyRenderedObjectsDirectly(client, namespace(client, "bench-direct"));
    String operated = namespace(client, "bench-operator");
    OperatorConfig config = new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(operated), NETWORKS,
        Duration.ofHours(1), ProbeSettings.defaults(), null);
    long operator;
    try (SandboxEgressOperator running = SandboxEgressOperator.start(client, config, "bench",
        new OperatorMetrics(new SimpleMeterRegistry()))) {
      operator = createAndAwaitReady(client, operated);
    }
    System.out.printf("%d CRs: direct server-side apply of the rendered objects %d ms, operator to all Ready %d ms,"
        + " ratio %.2f%n", CRS, direct, operator, (double) operator / direct);
    startToFirstReconcile(client, operated, config);
  }

  private static void renderOneCr() {
    SandboxEgress cr = SandboxEgresses.parse("bench", "agents", SPEC.formatted(0));
    ClusterFacts facts = new ClusterFacts(true, DataPlane.SIDECAR, NETWORKS);
    EgressPlanner planner = new EgressPlanner();
    BundleRenderer renderer = Backends.bundleRenderer();
    int warmup = 20_000;
    int runs = 50_000;
    for (int i = 0; i < warmup; i++) {
      renderer.render(planner.plan(cr, NETWORKS).orElseThrow(), facts);
    }
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      renderer.render(planner.plan(cr, NETWORKS).orElseThrow(), facts);
    }
    System.out.printf("plan + render of one CR (sidecar, 4 rules): %.1f µs%n",
        (System.nanoTime() - start) / 1_000.0 / runs);
  }

  /** The floor: the same objects the operator would apply, server-side applied with 8 writers. */
  private static long applyRenderedObjectsDirectly(KubernetesClient client, String namespace) throws Exception {
    ClusterFacts facts = new ClusterFacts(true, DataPlane.SIDECAR, NETWORKS);
    List<HasMetadata> objects = new java.util.ArrayList<>();
    for (int i = 0; i < CRS; i++) {
      SandboxEgress cr = SandboxEgresses.parse(namespace, "cr-" + i, SPEC.formatted(i));
      objects.addAll(Backends.bundleRenderer().render(new EgressPlanner().plan(cr, NETWORKS).orElseThrow(), facts).objects());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    List<Future<?>> writes = objects.stream()
        .map(o -> pool.submit(() -> client.resource(o).fieldManager("bench").forceConflicts().serverSideApply()))
        .<Future<?>>map(f -> f).toList();
    for (Future<?> write : writes) {
      write.get();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    pool.shutdown();
    System.out.printf("%d objects for %d CRs%n", objects.size(), CRS);
    return millis;
  }

  private static long createAndAwaitReady(KubernetesClient client, String namespace) {
    long start = System.nanoTime();
    for (int i = 0; i < CRS; i++) {
      client.resource(SandboxEgresses.parse(namespace, "cr-" + i, SPEC.formatted(i))).create();
    }
    await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() ->
        client.resources(SandboxEgress.class).inNamespace(namespace).list().getItems().stream()
            .filter(cr -> cr.getStatus() != null && cr.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
            .count() == CRS);
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void startToFirstReconcile(KubernetesClient client, String namespace, OperatorConfig config) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long start = System.nanoTime();
    try (SandboxEgressOperator ignored = SandboxEgressOperator.start(client, config, "bench-restart",
        new OperatorMetrics(registry))) {
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
          .until(() -> registry.get(OperatorMetrics.RECONCILIATIONS).counter().count() >= 1);
      System.out.printf("start to first reconciliation (%d CRs present): %d ms%n", CRS,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static String namespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return name;
  }
}
