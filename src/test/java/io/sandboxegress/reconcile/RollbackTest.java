package io.sandboxegress.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.metrics.OperatorMetrics;
import io.sandboxegress.probepod.ProbePodFactory;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.revision.Revision;
import io.sandboxegress.revision.RevisionCodec;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.Kubelet;
import io.sandboxegress.testing.RunningOperator;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Safe change against the real API server: a revision before every change, the probes verify it
 * (the test plays the kubelet, writing each probe pod's results), a regression is rolled back and
 * the CR is left alone until its spec changes.
 */
@WithApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollbackTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String PYPI = "https://pypi.org/simple/";
  private static final String METADATA = "http://169.254.169.254/latest/meta-data/";
  private static final String GOOD = "allow: [{host: pypi.org}]";
  private static final String BAD = "allow: [{host: files.pythonhosted.org}]";
  private static final String REACHED = """
      [{"target":"%s","outcome":"Reachable","reason":"HttpResponse","detail":"HTTP 200","latencyMillis":9},
       {"target":"%s","outcome":"Blocked","reason":"ConnectTimeout","detail":"no connection","latencyMillis":1000}]
      """.formatted(PYPI, METADATA);
  private static final String CUT_OFF = """
      [{"target":"%s","outcome":"Blocked","reason":"EnvoyBlackhole","detail":"502 from envoy","latencyMillis":2},
       {"target":"%s","outcome":"Blocked","reason":"ConnectTimeout","detail":"no connection","latencyMillis":1000}]
      """.formatted(PYPI, METADATA);

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;
  private RunningOperator operator;

  RollbackTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @BeforeAll
  void meshNamespace() {
    client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("istio-injection", "enabled").endMetadata().build());
  }

  @BeforeEach
  void startOperator() {
    operator = startedOperator();
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }

  @Test
  void aChangeThatCutsOffAReachableTargetIsRolledBackAndNotTriedAgainUntilTheSpecChanges() {
    Map<String, String> good = verifiedFirstRevision("cutoff", "");

    SandboxEgress bad = apply("cutoff", BAD, "");
    SandboxEgress applied = awaitStatus("cutoff", s -> Objects.equals(s.getStatus().getRevision(), 2L));
    assertThat(serviceEntryHosts("cutoff")).containsExactly("files.pythonhosted.org");
    terminate(awaitProbePod("cutoff", applied.getStatus().getRevisionBundle()), CUT_OFF);

    SandboxEgress rolledBack = awaitCondition("cutoff", "RolledBack", "True");
    assertThat(owned("cutoff")).isEqualTo(good);
    assertThat(rolledBack.getStatus().getRevision()).isEqualTo(1);
    assertThat(rolledBack.getStatus().getLastGoodRevision()).isEqualTo(1);
    assertThat(rolledBack.getStatus().getRolledBackGeneration()).isEqualTo(bad.getMetadata().getGeneration());
    Condition condition = condition(rolledBack, "RolledBack");
    assertThat(condition.getReason()).isEqualTo("Regression");
    assertThat(condition.getObservedGeneration()).isEqualTo(bad.getMetadata().getGeneration());
    assertThat(condition.getMessage()).contains(PYPI).contains("EnvoyBlackhole").contains("revision 1")
        .doesNotContain(METADATA);
    assertThat(condition(rolledBack, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(rolledBack, "Stalled").getStatus()).isEqualTo("True");
    assertThat(revisionAnnotation("cutoff", 2, RevisionCodec.VERDICT)).isEqualTo("RolledBack");
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events("cutoff")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("RolledBack");
      assertThat(e.getMessage()).contains(PYPI);
    }));
    assertThat(rollbacks("cutoff")).isEqualTo(1.0);
    assertThat(operator.registry().get(OperatorMetrics.STALLED).tags("namespace", ns, "name", "cutoff").gauge().value())
        .as("sandbox_egress_stalled while the rollback holds").isEqualTo(1.0);

    // the good revision is probed again, and verified
    terminate(awaitProbePod("cutoff", rolledBack.getStatus().getRevisionBundle()), REACHED);
    awaitCondition("cutoff", "Verified", "True");
    assertNoChangeAttemptedOverSomeResyncs("cutoff");
    assertThat(owned("cutoff")).isEqualTo(good);

    apply("cutoff", "allow: [{host: pypi.org}, {host: github.com}]", "");
    SandboxEgress changed = awaitStatus("cutoff", s -> Objects.equals(s.getStatus().getRevision(), 3L));
    assertThat(changed.getStatus().getRolledBackGeneration()).isNull();
    assertThat(serviceEntryHosts("cutoff")).contains("github.com");
  }

  @Test
  void aChangeThatKeepsEveryExpectationBecomesTheLastGoodRevisionAndHistoryIsPruned() {
    String rollout = "rollout: {historyLimit: 2}";
    verifiedFirstRevision("kept", rollout);
    List<String> specs = List.of("allow: [{host: pypi.org}, {host: github.com}]",
        "allow: [{host: pypi.org}, {host: github.com}, {host: files.pythonhosted.org}]");
    long number = 1;
    for (String spec : specs) {
      number++;
      long expected = number;
      apply("kept", spec, rollout);
      SandboxEgress applied = awaitStatus("kept", s -> Objects.equals(s.getStatus().getRevision(), expected));
      terminate(awaitProbePod("kept", applied.getStatus().getRevisionBundle()), REACHED);
      awaitStatus("kept", s -> Objects.equals(s.getStatus().getLastGoodRevision(), expected));
    }

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(revisions("kept"))
        .extracting(ControllerRevision::getRevision).containsExactly(2L, 3L));
    ControllerRevision live = revisions("kept").get(1);
    assertThat(live.getMetadata().getName()).isEqualTo(Revision.name("kept", 3));
    assertThat(live.getMetadata().getAnnotations()).containsEntry(RevisionCodec.VERDICT, "Verified")
        .containsEntry(RevisionCodec.GENERATION, Long.toString(get("kept").getMetadata().getGeneration()));
    assertThat(live.getMetadata().getLabels()).containsAllEntriesOf(OwnedLabels.forOwner(ns, "kept"));
    assertThat(live.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(get("kept").getMetadata().getUid()));
    assertThat(condition(get("kept"), "RolledBack").getStatus()).isEqualTo("False");
    assertThat(condition(get("kept"), "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void anOperatorRestartedBetweenApplyAndVerificationStillVerifiesRollsBackAndHolds() {
    Map<String, String> good = verifiedFirstRevision("restart", "");
    apply("restart", BAD, "");
    SandboxEgress applied = awaitStatus("restart", s -> Objects.equals(s.getStatus().getRevision(), 2L));
    Pod probe = awaitProbePod("restart", applied.getStatus().getRevisionBundle());

    operator.close();
    terminate(probe, CUT_OFF);
    operator = startedOperator();

    awaitCondition("restart", "RolledBack", "True");
    assertThat(owned("restart")).isEqualTo(good);

    operator.close();
    operator = startedOperator();
    assertNoChangeAttemptedOverSomeResyncs("restart");
    assertThat(owned("restart")).isEqualTo(good);
    assertThat(get("restart").getStatus().getRevision()).isEqualTo(1);
  }

  @Test
  void withRollbackOffTheRegressionIsReportedAndNothingIsReverted() {
    String rollout = "rollout: {rollbackOnRegression: false}";
    verifiedFirstRevision("keepbad", rollout);
    apply("keepbad", BAD, rollout);
    SandboxEgress applied = awaitStatus("keepbad", s -> Objects.equals(s.getStatus().getRevision(), 2L));
    terminate(awaitProbePod("keepbad", applied.getStatus().getRevisionBundle()), CUT_OFF);

    SandboxEgress regressed = awaitStatus("keepbad", s -> Conditions.find(s.getStatus().getConditions(),
        "RolledBack").map(c -> "RollbackDisabled".equals(c.getReason())).orElse(false));
    assertThat(condition(regressed, "RolledBack").getStatus()).isEqualTo("False");
    assertThat(condition(regressed, "RolledBack").getMessage()).contains(PYPI).contains("nothing reverted");
    assertThat(condition(regressed, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(regressed, "Ready").getReason()).isEqualTo("Regressed");
    assertThat(regressed.getStatus().getRevision()).isEqualTo(2);
    assertThat(regressed.getStatus().getLastGoodRevision()).isEqualTo(1);
    assertThat(regressed.getStatus().getRolledBackGeneration()).isNull();
    assertThat(serviceEntryHosts("keepbad")).containsExactly("files.pythonhosted.org");
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(events("keepbad"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Regression")));
    assertThat(rollbacks("keepbad")).isZero();
  }

  @Test
  void dryRunStoresNoRevisionAndSaysWhatItWouldChangeAgainstTheLiveOne() {
    Map<String, String> live = verifiedFirstRevision("dry", "");

    apply("dry", BAD + "\nenforcement: DryRun", "");

    SandboxEgress dry = awaitStatus("dry", s -> Conditions.find(s.getStatus().getConditions(), "Applied")
        .map(c -> "DryRun".equals(c.getReason())).orElse(false));
    assertThat(condition(dry, "Applied").getMessage()).contains("against live revision 1: would update")
        .contains("update ServiceEntry " + ns + "/sandbox-egress-dry-");
    assertThat(dry.getStatus().getRevision()).isEqualTo(1);
    assertThat(revisions("dry")).hasSize(1);
    assertThat(owned("dry")).isEqualTo(live);
  }

  @Test
  void aChangeFirstTriedInDryRunIsStillVerifiedWhenItIsApplied() {
    verifiedFirstRevision("dryflip", "");
    apply("dryflip", BAD + "\nenforcement: DryRun", "");
    awaitStatus("dryflip", s -> Conditions.find(s.getStatus().getConditions(), "Applied")
        .map(c -> "DryRun".equals(c.getReason())).orElse(false));
    // whatever runs during DryRun probes the live objects, which still reach everything
    probePods("dryflip").forEach(pod -> terminate(pod, REACHED));
    await().atMost(DEADLINE).until(() -> probePods("dryflip").isEmpty());

    apply("dryflip", BAD, "");
    SandboxEgress applied = awaitStatus("dryflip", s -> Objects.equals(s.getStatus().getRevision(), 2L));

    Pod probe = awaitProbePod("dryflip", applied.getStatus().getRevisionBundle());
    assertThat(get("dryflip").getStatus().getLastGoodRevision()).as("not verified yet").isEqualTo(1);
    terminate(probe, CUT_OFF);
    awaitCondition("dryflip", "RolledBack", "True");
  }

  /** Applies {@code name}, plays the kubelet for its first probe pod, and returns its verified objects. */
  private Map<String, String> verifiedFirstRevision(String name, String rollout) {
    apply(name, GOOD, rollout);
    SandboxEgress first = awaitStatus(name, s -> Objects.equals(s.getStatus().getRevision(), 1L));
    terminate(awaitProbePod(name, first.getStatus().getRevisionBundle()), REACHED);
    awaitStatus(name, s -> Objects.equals(s.getStatus().getLastGoodRevision(), 1L));
    assertThat(revisionAnnotation(name, 1, RevisionCodec.VERDICT)).isEqualTo("Verified");
    return owned(name);
  }

  /** A few resyncs pass and the operator writes none of the owned objects and records no revision. */
  private void assertNoChangeAttemptedOverSomeResyncs(String name) {
    operator.clearWrites();
    int before = operator.reconciliations();
    int resources = client.resources(SandboxEgress.class).inNamespace(ns).list().getItems().size();
    await().atMost(DEADLINE).until(() -> operator.reconciliations() >= before + 4 * resources);
    assertThat(operator.writes()).noneMatch(w -> !w.startsWith("DELETE") && (w.contains("/networkpolicies")
        || w.contains("/sidecars") || w.contains("/serviceentries") || w.contains("/controllerrevisions")));
    assertThat(get(name).getStatus().getRevision()).isEqualTo(1);
  }

  private RunningOperator startedOperator() {
    return RunningOperator.start(server, new OperatorConfig("sandbox-egress-system", Set.of(), Set.of(ns),
        ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12")), Duration.ofSeconds(1),
        new ProbeSettings("registry.example/sandbox-egress-operator:1.0", Duration.ofSeconds(40)), null));
  }

  private SandboxEgress apply(String name, String spec, String rollout) {
    String yaml = """
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: %s, namespace: %s}
        spec:
          podSelector: {matchLabels: {app: %s}}
          probes:
            timeoutSeconds: 1
            targets:
              - {url: "%s", expect: Reachable}
              - {url: "%s", expect: Blocked}
        """.formatted(name, ns, name, PYPI, METADATA) + (spec + "\n" + rollout).indent(2);
    return client.resource(Serialization.unmarshal(yaml, SandboxEgress.class)).forceConflicts().serverSideApply();
  }

  private void terminate(Pod probe, String results) {
    Kubelet.probeFinished(client, probe, results);
  }


  /** The probe pod started for the objects with {@code fingerprint}. */
  private Pod awaitProbePod(String owner, String fingerprint) {
    Predicate<Pod> forBundle = p -> fingerprint.equals(p.getMetadata().getAnnotations()
        .get(ProbePodFactory.BUNDLE_ANNOTATION)) && p.getMetadata().getDeletionTimestamp() == null;
    await().atMost(DEADLINE).until(() -> probePods(owner).stream().anyMatch(forBundle));
    return probePods(owner).stream().filter(forBundle).findFirst().orElseThrow();
  }

  private List<Pod> probePods(String owner) {
    return client.pods().inNamespace(ns).withLabel("sandboxegress.io/probe", "true")
        .withLabel(OwnedLabels.OWNER, owner).list().getItems();
  }

  private SandboxEgress awaitStatus(String name, Predicate<SandboxEgress> test) {
    await().atMost(DEADLINE).until(() -> {
      SandboxEgress cr = get(name);
      return cr != null && cr.getStatus() != null
          && cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration()) && test.test(cr);
    });
    return get(name);
  }

  private SandboxEgress awaitCondition(String name, String type, String status) {
    return awaitStatus(name, cr -> Conditions.find(cr.getStatus().getConditions(), type)
        .map(c -> status.equals(c.getStatus())).orElse(false));
  }

  private SandboxEgress get(String name) {
    return client.resources(SandboxEgress.class).inNamespace(ns).withName(name).get();
  }

  private static Condition condition(SandboxEgress cr, String type) {
    return Conditions.find(cr.getStatus().getConditions(), type).orElseThrow();
  }

  /** The owned objects by kind and name, as YAML of what a rollback must restore: spec and labels. */
  private Map<String, String> owned(String owner) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.resources(NetworkPolicy.class).inNamespace(ns).withLabel(OwnedLabels.OWNER, owner).list().getItems());
    all.addAll(client.resources(Sidecar.class).inNamespace(ns).withLabel(OwnedLabels.OWNER, owner).list().getItems());
    all.addAll(client.resources(ServiceEntry.class).inNamespace(ns).withLabel(OwnedLabels.OWNER, owner).list().getItems());
    Map<String, String> byName = new TreeMap<>();
    for (HasMetadata object : all) {
      Map<?, ?> fields = Serialization.jsonMapper().convertValue(object, Map.class);
      byName.put(object.getKind() + "/" + object.getMetadata().getName(), Serialization.asYaml(
          Map.of("labels", new TreeMap<>(object.getMetadata().getLabels()), "spec", fields.get("spec"))));
    }
    assertThat(byName).isNotEmpty();
    return byName;
  }

  private List<String> serviceEntryHosts(String owner) {
    return client.resources(ServiceEntry.class).inNamespace(ns).withLabel(OwnedLabels.OWNER, owner)
        .list().getItems().stream().flatMap(se -> se.getSpec().getHosts().stream()).toList();
  }

  private List<ControllerRevision> revisions(String owner) {
    return client.apps().controllerRevisions().inNamespace(ns).withLabel(OwnedLabels.OWNER, owner).list()
        .getItems().stream().sorted(java.util.Comparator.comparing(ControllerRevision::getRevision)).toList();
  }

  private String revisionAnnotation(String owner, long number, String key) {
    await().atMost(DEADLINE).until(() -> client.apps().controllerRevisions().inNamespace(ns)
        .withName(Revision.name(owner, number)).get().getMetadata().getAnnotations().containsKey(key));
    return client.apps().controllerRevisions().inNamespace(ns).withName(Revision.name(owner, number)).get()
        .getMetadata().getAnnotations().get(key);
  }

  private double rollbacks(String name) {
    Counter counter = operator.registry().find(OperatorMetrics.ROLLBACKS).tags("namespace", ns, "name", name)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}
