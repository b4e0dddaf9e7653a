package io.sandboxegress.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sandboxegress.api.ProbeStatus;
import io.sandboxegress.probepod.ProbeVerdict;
import io.sandboxegress.probepod.ProbeVerdicts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own series, beside JOSDK's reconciliation metrics: per SandboxEgress the pods it
 * selects, its probe verdicts, conflicts, whether it is stalled and its rollbacks; in total the
 * objects applied and apply errors; per replica whether it leads. Per-resource series are removed
 * when the SandboxEgress goes. The chart's alerts and dashboard query these names (a test scrapes
 * a running operator and checks every query against what it serves).
 */
public final class OperatorMetrics {

  public static final String RECONCILIATIONS = "sandbox_egress_reconciliations";
  public static final String MATCHED_PODS = "sandbox_egress_matched_pods";
  public static final String APPLIES = "sandbox_egress_applies";
  public static final String APPLY_ERRORS = "sandbox_egress_apply_errors";
  public static final String PROBE_VERDICTS = "sandbox_egress_probe_verdicts";
  public static final String CONFLICTS = "sandbox_egress_conflicts";
  public static final String ROLLBACKS = "sandbox_egress_rollbacks";
  public static final String STALLED = "sandbox_egress_stalled";
  public static final String LEADER = "sandbox_egress_leader";

  private final MeterRegistry registry;
  private final Counter reconciliations;
  private final Counter applyErrors;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
  private final AtomicInteger leader = new AtomicInteger();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconciliations = Counter.builder(RECONCILIATIONS)
        .description("SandboxEgress reconciliations finished").register(registry);
    this.applyErrors = Counter.builder(APPLY_ERRORS)
        .description("Reconciliations whose apply failed (retried)").register(registry);
    Gauge.builder(LEADER, leader, AtomicInteger::get)
        .description("1 while this replica leads (reconciles), 0 while it stands by").register(registry);
  }

  /**
   * The registry {@code /metrics} serves: Prometheus text, with JVM memory, thread and processor
   * series bound. The operator and the tests that scrape it use this one.
   */
  public static PrometheusMeterRegistry prometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void reconciled() {
    reconciliations.increment();
  }

  public void applyFailed() {
    applyErrors.increment();
  }

  public void applied(String kind, String action) {
    Counter.builder(APPLIES).description("Objects created, updated or deleted by the operator")
        .tags("kind", kind, "action", action).register(registry).increment();
  }

  public void rolledBack(String namespace, String name) {
    rollbacks(namespace, name).increment();
  }

  /** Whether this replica leads; a replica without leader election leads from its start. */
  public void leading(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  /**
   * Every reconciliation reports the selected pods. The resource's rollback counter is registered
   * (at 0) here too: Prometheus' {@code increase()} sees no rise in a series that starts at 1, so a
   * counter created by its first rollback would hide exactly that rollback from an alert.
   */
  public void matchedPods(String namespace, String name, int count) {
    rollbacks(namespace, name);
    gauge(MATCHED_PODS, "Sandbox pods a SandboxEgress selects", Tags.of("namespace", namespace, "name", name))
        .set(count);
  }

  public void conflicts(String namespace, String name, int count) {
    gauge(CONFLICTS, "Objects that undermine a SandboxEgress", Tags.of("namespace", namespace, "name", name))
        .set(count);
  }

  /** 1 while the resource's Stalled condition is True (invalid spec, refused, rolled back), else 0. */
  public void stalled(String namespace, String name, boolean stalled) {
    gauge(STALLED, "1 while a SandboxEgress is Stalled (needs a change to its spec), else 0",
        Tags.of("namespace", namespace, "name", name)).set(stalled ? 1 : 0);
  }

  public void probeVerdicts(String namespace, String name, List<ProbeStatus> probes) {
    for (ProbeVerdict verdict : ProbeVerdict.values()) {
      int count = probes == null ? 0
          : (int) probes.stream().filter(p -> ProbeVerdicts.verdict(p).filter(v -> v == verdict).isPresent()).count();
      gauge(PROBE_VERDICTS, "Probe targets of a SandboxEgress by verdict",
          Tags.of("namespace", namespace, "name", name, "verdict", verdict.wire())).set(count);
    }
  }

  /** Removes the per-resource series of a SandboxEgress that was deleted. */
  public void forget(String namespace, String name) {
    registry.getMeters().stream()
        .filter(m -> namespace.equals(m.getId().getTag("namespace")) && name.equals(m.getId().getTag("name")))
        .toList()
        .forEach(m -> {
          registry.remove(m);
          gauges.remove(key(m.getId().getName(), Tags.of(m.getId().getTags())));
        });
  }

  private Counter rollbacks(String namespace, String name) {
    return Counter.builder(ROLLBACKS).description("Automatic rollbacks after a verified regression")
        .tags("namespace", namespace, "name", name).register(registry);
  }

  private AtomicInteger gauge(String metric, String description, Tags tags) {
    return gauges.computeIfAbsent(key(metric, tags), k -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder(metric, value, AtomicInteger::get).description(description).tags(tags).register(registry);
      return value;
    });
  }

  private static String key(String metric, Tags tags) {
    return metric + tags;
  }
}
