package io.sandboxegress.cli;

import io.sandboxegress.backend.Backends;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.api.SandboxEgressStatus;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.BundleRenderer;
import io.sandboxegress.render.Fixtures;
import io.sandboxegress.revision.RevisionStore;
import io.sandboxegress.revision.Verdict;
import io.sandboxegress.testing.ApiServer;
import io.sandboxegress.testing.TestNamespace;
import io.sandboxegress.testing.WithApiServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code history} against the real API server, on revisions recorded as the operator records them. */
@WithApiServer
class HistoryCommandTest {

  private final ApiServer server;
  private final KubernetesClient client;
  private final String ns;

  HistoryCommandTest(ApiServer server, KubernetesClient client, TestNamespace ns) {
    this.server = server;
    this.client = client;
    this.ns = ns.name();
  }

  @Test
  void listsTheRevisionsWithTheirVerdictsAndDiffsTwoOfThem() {
    SandboxEgress cr = client.resource(sandboxEgress("allow: [{host: pypi.org}]")).create();
    RevisionStore store = new RevisionStore(client);
    store.create(cr, 1, render(cr), "aaaa1111", Instant.parse("2025-05-01T10:00:00Z"));
    store.mark(ns, "agents", 1, Verdict.Verified, List.of("https://pypi.org/simple/"));
    cr = client.resource(sandboxEgress("allow: [{host: pypi.org}, {host: github.com}]")).update();
    store.create(cr, 2, render(cr), "bbbb2222", Instant.parse("2025-05-01T11:00:00Z"));
    store.mark(ns, "agents", 2, Verdict.RolledBack, null);
    SandboxEgressStatus status = new SandboxEgressStatus();
    status.setRevision(1L);
    status.setLastGoodRevision(1L);
    cr.setStatus(status);
    client.resource(cr).updateStatus();

    Run listed = history("agents");

    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out()).contains("live revision 1, last good revision 1");
    assertThat(listed.out().lines().filter(l -> l.startsWith("1 ")).findFirst().orElseThrow())
        .contains("aaaa1111").contains("verified good").contains("live,last-good");
    assertThat(listed.out().lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow())
        .contains("bbbb2222").contains("failed, rolled back").contains(" 2 ");

    Run diffed = history("agents", "--diff", "1", "2");

    assertThat(diffed.exitCode()).isZero();
    assertThat(diffed.out()).startsWith("--- revision 1\n+++ revision 2\n").contains("+  - \"github.com\"")
        .contains("@@ -");
    assertThat(history("agents", "--diff", "1", "9").exitCode()).isEqualTo(2);
    assertThat(history("nobody").exitCode()).isEqualTo(2);
  }

  private Bundle render(SandboxEgress cr) {
    return Backends.bundleRenderer().render(Fixtures.plan(cr), Fixtures.facts(DataPlane.SIDECAR));
  }

  private SandboxEgress sandboxEgress(String allow) {
    return Serialization.unmarshal("""
        apiVersion: sandboxegress.io/v1alpha1
        kind: SandboxEgress
        metadata: {name: agents, namespace: %s}
        spec:
          podSelector: {matchLabels: {app: agents}}
          %s
        """.formatted(ns, allow), SandboxEgress.class);
  }

  private Run history(String... args) {
    List<String> all = new ArrayList<>(List.of("history", "--kubeconfig", server.local().kubeconfig().toString(),
        "-n", ns));
    all.addAll(List.of(args));
    return Run.of(all.toArray(String[]::new));
  }
}
