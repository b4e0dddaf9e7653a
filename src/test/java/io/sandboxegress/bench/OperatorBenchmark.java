package io.sandboxegress.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sandboxegress.backend.Backends;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.facts.ClusterFacts;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.plan.EgressPlanner;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.SandboxEgresses;
import io.sandboxegress.testing.WithApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The operator's cost at scale, measured on the local API server with the operator's jar as a
 * process of its own: {@code make bench}. A benchmark, not a test: it prints numbers and asserts
 * nothing about them; docs/benchmarks.md records them with the conditions of the run.
 *
 * <p>In one run, for {@code benchmark.crs} SandboxEgresses (default 1,000) in a namespace in the
 * sidecar mesh with {@code benchmark.pods} sandbox pods (default 10,000): the baseline (8 writers each
 * create a CR, server-side apply its rendered objects and write one status), the operator (the same
 * CRs created by 8 writers, until a watch has seen all of them Ready), their ratio, the API requests
 * per CR by verb and resource, the operator's resident memory and heap after a full GC, the time from
 * its start to its first reconciliation with the CRs present, and the requests and CPU of one resync
 * pass. The last lines are key: value pairs; the whole report is also written to
 * target/benchmark.txt.
 */
@WithApiServer
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class OperatorBenchmark {

  private static final int CRS = Integer.getInteger("benchmark.crs", 1000);
  private static final int PODS = Integer.getInteger("benchmark.pods", 10 * CRS);
  private static final int WRITERS = 8;
  /** The chart's JVM (values.yaml), unless {@code benchmark.jvm} gives other options. */
  private static final String JVM_OPTIONS = System.getProperty("benchmark.jvm",
      String.join(" ", ChartJvm.of(ApiServer.projectRoot()).options()));
  private static final Duration RESYNC = Duration.ofSeconds(Long.getLong("benchmark.resyncSeconds", 60));
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

  private final StringBuilder report = new StringBuilder();

  @Test
  void operatorAgainstBaseline(ApiServer server, KubernetesClient client) throws Exception {
    Path jar = Path.of(System.getProperty("benchmark.jar",
        ApiServer.projectRoot().resolve("target/sandbox-egress-operator.jar").toString()));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (make bench does)");
    }
    print("%d SandboxEgresses, %d sandbox pods, %d writers; operator JVM: %s; %d cores%n", CRS, PODS, WRITERS,
        JVM_OPTIONS, Runtime.getRuntime().availableProcessors());

    String direct = meshNamespace(client, "bench-direct");
    String operated = meshNamespace(client, "bench-operator");
    long podsMillis = timed(() -> inParallel(PODS, i -> createPod(client, operated, i)));
    print("created %d pods in %s (%d per CR, not timed against anything): %.1f s%n", PODS, operated,
        PODS / CRS, podsMillis / 1000.0);

    ApiRequests beforeBaseline = ApiRequests.read(client);
    long baseline = timed(() -> inParallel(CRS, i -> baselineCr(client, direct, i)));
    ApiRequests baselineRequests = ApiRequests.read(client).since(beforeBaseline);
    print("%nbaseline: create, server-side apply the rendered objects, write one status: %.1f s%n",
        baseline / 1000.0);
    report.append(baselineRequests.perCr(CRS, "  "));

    double rss;
    double peakRss;
    double heap;
    long operatorMillis;
    ApiRequests operatorRequests;
    try (OperatorProcess operator = OperatorProcess.start(jar, options(), server.local().kubeconfig(), operated,
        RESYNC)) {
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
          .until(() -> operator.metrics().isPresent() || !operator.isAlive());
      ApiRequests beforeOperator = ApiRequests.read(client);
      operatorMillis = createAndAwaitReady(client, operated, operator);
      operatorRequests = ApiRequests.read(client).since(beforeOperator);
      rss = operator.residentMib();
      peakRss = operator.peakResidentMib();
      heap = operator.heapAfterGcMib();
    }
    print("%noperator: create the CRs → all Ready (seen by a watch): %.1f s%n", operatorMillis / 1000.0);
    report.append(operatorRequests.perCr(CRS, "  "));
    double ratio = (double) operatorMillis / baseline;
    print("ratio operator / baseline: %.2f%n", ratio);
    print("requests per CR (watches not counted): baseline %.2f, operator %.2f%n",
        baselineRequests.withoutWatches() / CRS, operatorRequests.withoutWatches() / CRS);
    print("operator memory with all Ready: resident %.0f MiB (peak %.0f MiB), heap after full GC %.0f MiB%n",
        rss, peakRss, heap);

    double firstReconcile;
    double resyncPerCr;
    try (OperatorProcess restarted = OperatorProcess.start(jar, options(), server.local().kubeconfig(), operated,
        RESYNC)) {
      long start = System.nanoTime();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
          .until(() -> restarted.reconciliations() >= 1 || !restarted.isAlive());
      firstReconcile = (System.nanoTime() - start) / 1e9;
      print("%noperator start (JVM launch included) → first reconciliation, %d CRs present: %.1f s%n", CRS,
          firstReconcile);
      // the pass after the start reconciles every CR once; the resync comes RESYNC after each
      await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
          .until(() -> restarted.reconciliations() >= CRS || !restarted.isAlive());
      double passed = restarted.reconciliations();
      ApiRequests beforeResync = ApiRequests.read(client);
      double cpuBefore = restarted.cpuSeconds();
      long resyncStart = System.nanoTime();
      await().atMost(RESYNC.multipliedBy(4).plusMinutes(5)).pollInterval(Duration.ofMillis(250))
          .until(() -> restarted.reconciliations() >= passed + CRS || !restarted.isAlive());
      double resyncSeconds = (System.nanoTime() - resyncStart) / 1e9;
      ApiRequests resync = ApiRequests.read(client).since(beforeResync);
      double cpu = restarted.cpuSeconds() - cpuBefore;
      resyncPerCr = resync.withoutWatches() / CRS;
      print("one resync pass over %d unchanged CRs (every %d s): %.0f requests (watches not counted; %.0f with"
          + " them), %.1f s CPU of the operator, %.1f s wall%n", CRS, RESYNC.toSeconds(), resync.withoutWatches(),
          resync.total(), cpu, resyncSeconds);
      report.append(resync.perCr(CRS, "  "));
      print("operator resident memory after the resync: %.0f MiB (peak %.0f MiB)%n", restarted.residentMib(),
          restarted.peakResidentMib());
    }

    print("%nready_ratio: %.2f%n", ratio);
    print("rss_mib: %.0f%n", rss);
    print("first_reconcile_s: %.1f%n", firstReconcile);
    print("resync_requests_per_cr: %.3f%n", resyncPerCr);
    Files.writeString(ApiServer.projectRoot().resolve("target/benchmark.txt"), report);
  }

  private static List<String> options() {
    return Arrays.stream(JVM_OPTIONS.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
  }

  /** One CR the way the operator would have it: created, its objects applied, one status written. */
  private static void baselineCr(KubernetesClient client, String namespace, int i) {
    SandboxEgress cr = SandboxEgresses.parse(namespace, "cr-" + i, SPEC.formatted(i));
    SandboxEgress created = client.resource(cr).create();
    ClusterFacts facts = new ClusterFacts(true, DataPlane.SIDECAR, NETWORKS);
    for (HasMetadata object : Backends.bundleRenderer().render(new EgressPlanner().plan(cr, NETWORKS).orElseThrow(),
        facts).objects()) {
      client.resource(object).fieldManager("bench").forceConflicts().serverSideApply();
    }
    SandboxEgress statusOnly = new SandboxEgress();
    statusOnly.setMetadata(new ObjectMetaBuilder().withName(created.getMetadata().getName())
        .withNamespace(namespace).build());
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setObservedGeneration(created.getMetadata().getGeneration());
    status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Verified")
        .withMessage("baseline").withLastTransitionTime("2026-01-01T00:00:00Z")
        .withObservedGeneration(created.getMetadata().getGeneration()).build()));
    statusOnly.setStatus(status);
    client.resource(statusOnly).subresource("status").patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("bench").withForce(true).build());
  }

  private long createAndAwaitReady(KubernetesClient client, String namespace, OperatorProcess operator)
      throws Exception {
    Set<String> ready = ConcurrentHashMap.newKeySet();
    CountDownLatch allReady = new CountDownLatch(1);
    Watcher<SandboxEgress> watcher = new Watcher<>() {
      @Override
      public void eventReceived(Action action, SandboxEgress cr) {
        if (cr.getStatus() != null && cr.getStatus().getConditions() != null && cr.getStatus().getConditions()
            .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
          ready.add(cr.getMetadata().getName());
          if (ready.size() == CRS) {
            allReady.countDown();
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // the count stays as it is; the wait below reports it when it runs out
      }
    };
    try (var watch = client.resources(SandboxEgress.class).inNamespace(namespace).watch(watcher)) {
      long start = System.nanoTime();
      inParallel(CRS, i -> client.resource(SandboxEgresses.parse(namespace, "cr-" + i, SPEC.formatted(i))).create());
      while (!allReady.await(1, TimeUnit.SECONDS)) {
        if (!operator.isAlive()) {
          throw new IllegalStateException("the operator process ended (" + ready.size() + " of " + CRS
              + " Ready); its log: " + operator.log());
        }
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
          throw new IllegalStateException(ready.size() + " of " + CRS + " Ready after 30 min");
        }
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static void createPod(KubernetesClient client, String namespace, int i) {
    int cr = i % CRS;
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName("sandbox-" + cr + "-" + i / CRS)
        .addToLabels("app", "sandbox-" + cr).addToLabels("sandbox-id", "s-" + i)
        .addToLabels("pod-template-hash", "5d9c7b8f" + (i % 10)).endMetadata()
        .withNewSpec().withServiceAccountName("sandbox")
        .addNewContainer().withName("sandbox").withImage("sandbox:latest").endContainer().endSpec()
        .build()).create();
  }

  private static String meshNamespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("istio-injection", "enabled").endMetadata().build()).serverSideApply();
    return name;
  }

  private static void inParallel(int count, IntConsumer task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        done.add(pool.submit(() -> task.accept(n)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private interface Timed {
    void run() throws Exception;
  }

  private static long timed(Timed work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void print(String format, Object... args) {
    String line = String.format(format, args);
    System.out.print(line);
    report.append(line);
  }
}
