package io.sandboxegress.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.ServiceEntry;
import io.fabric8.istio.api.networking.v1.Sidecar;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sandboxegress.api.ResourceRef;
import io.sandboxegress.api.SandboxEgress;
import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.compile.CompileFacts;
import io.sandboxegress.compile.DataPlaneResolver;
import io.sandboxegress.compile.EgressCompiler;
import io.sandboxegress.facts.DataPlane;
import io.sandboxegress.facts.IstioMesh;
import io.sandboxegress.plan.ProtectedNamespace;
import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.revision.Revision;
import io.sandboxegress.testing.SandboxEgresses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Many SandboxEgress objects in three namespaces (a plain one, an Istio sidecar one whose CRs use an
 * egress gateway in a third namespace), written as a burst and changed in rounds, and the check
 * that each reached the right state: status for its current generation and Ready; in every
 * namespace, gateway's included, exactly the objects its current spec renders to (each object's
 * spec as rendered) and nothing left from an older spec or of a CR that is gone; its
 * ControllerRevisions unique and within historyLimit; no probe pod left.
 */
final class Fleet {

  static final int HISTORY_LIMIT = 2;
  static final ClusterNetworks NETWORKS = ClusterNetworks.defaults(List.of("10.244.0.0/16"), List.of("10.96.0.0/12"));
  private static final List<Class<? extends HasMetadata>> OWNED_KINDS = List.of(NetworkPolicy.class, Sidecar.class,
      ServiceEntry.class, DestinationRule.class, VirtualService.class, Gateway.class, AuthorizationPolicy.class);

  private final KubernetesClient client;
  private final String plain;
  private final String mesh;
  private final String gateway;
  private final int size;
  private final Map<String, Integer> rounds = new HashMap<>();
  private final Set<String> deleted = new HashSet<>();
  private final AtomicInteger written = new AtomicInteger();

  Fleet(KubernetesClient client, String prefix, int size) {
    this.client = client;
    this.plain = prefix + "-a";
    this.mesh = prefix + "-m";
    this.gateway = prefix + "-gw";
    this.size = size;
    namespace(plain, Map.of());
    namespace(mesh, DataPlaneResolver.namespaceLabelsFor(DataPlane.SIDECAR));
    namespace(gateway, Map.of());
  }

  /** The namespaces the operator watches (the gateway's is written to, not watched). */
  List<String> watched() {
    return List.of(plain, mesh);
  }

  List<String> all() {
    return List.of(plain, mesh, gateway);
  }

  int size() {
    return size;
  }

  static String name(int i) {
    return String.format("se-%04d", i);
  }

  String namespaceOf(int i) {
    return i % 4 == 2 ? mesh : plain;
  }

  /** The spec of CR {@code i} in change round {@code round}: each round changes every CR's objects. */
  String spec(int i, int round) {
    String selector = "podSelector: {matchLabels: {app: f%d}}\nrollout: {historyLimit: %d}\n".formatted(i, HISTORY_LIMIT);
    int octet = 1 + (i % 250);
    return selector + switch (i % 4) {
      case 0 -> switch (round % 3) {
        case 0 -> "policy: DenyAll\n";
        case 1 -> "allow: [{cidr: 198.51.100.%d/32, ports: [{number: 9000, protocol: TCP}]}]\n".formatted(octet);
        default -> "allow: [{cidr: 203.0.113.%d/32, ports: [{number: 443, protocol: TCP}]}]\n".formatted(octet);
      };
      case 1 -> switch (round % 3) {
        case 0 -> "allow: [{cidr: 192.0.2.%d/32, ports: [{number: 443, protocol: TCP}]}]\n".formatted(octet);
        case 1 -> "policy: DenyAll\n";
        default -> "allow: [{cidr: 192.0.2.%d/32, ports: [{number: 80, protocol: TCP}]}, {cidr: 198.51.100.0/24, ports: [{number: 53, protocol: TCP}]}]\n"
            .formatted(octet);
      };
      case 2 -> switch (round % 3) {
        case 0 -> "allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]\n"
            + "istio: {egressGateway: {namespace: %s, selector: {istio: egressgateway}}}\n".formatted(gateway);
        case 1 -> "allow: [{host: pypi.org, ports: [{number: 443, protocol: TLS}]}]\n";
        default -> "allow: [{host: files.pythonhosted.org, ports: [{number: 443, protocol: TLS}]}]\n"
            + "istio: {egressGateway: {namespace: %s, selector: {istio: egressgateway}}}\n".formatted(gateway);
      };
      default -> "policy: DenyAll\nprobes:\n  targets:\n  - {url: 'tcp://192.0.2.%d:%d', expect: Blocked}\n"
          .formatted(octet, 443 + round);
    };
  }

  /** Creates (round 0) or changes every CR to {@code round}, from several threads at once: a burst. */
  void writeAll(int round) {
    run(i -> write(i, round));
  }

  /**
   * The burst: every CR created, then every CR changed, then every fifth changed once more (past
   * historyLimit, so old revisions are pruned); {@link #written()} counts the writes done so far.
   */
  void writeBurst() {
    writeAll(0);
    writeAll(1);
    run(i -> i % 5 == 0 ? write(i, 2) : null);
  }

  /** How many writes {@link #writeBurst()} makes in all. */
  int burstWrites() {
    return 2 * size + (size + 4) / 5;
  }

  int written() {
    return written.get();
  }

  private Void write(int i, int round) {
    SandboxEgresses.apply(client, namespaceOf(i), name(i), spec(i, round));
    synchronized (rounds) {
      rounds.put(name(i), round);
    }
    written.incrementAndGet();
    return null;
  }

  /** Deletes CR {@code i} (its finalizer, if any, is the operator's to remove). */
  void delete(int i) {
    client.resources(SandboxEgress.class).inNamespace(namespaceOf(i)).withName(name(i)).delete();
    synchronized (rounds) {
      rounds.remove(name(i));
      deleted.add(name(i));
    }
  }

  private void run(IntFunction<Void> each) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Void>> done = IntStream.range(0, size).mapToObj(i -> pool.submit(() -> each.apply(i))).toList();
      for (Future<Void> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("writing the fleet failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Polls until nothing is wrong; returns how long that took, or fails listing what is still wrong. */
  Duration awaitConverged(Duration deadline) {
    Instant start = Instant.now();
    List<List<String>> last = new ArrayList<>(List.of(List.of()));
    try {
      await().atMost(deadline).pollInterval(Duration.ofSeconds(1)).until(() -> {
        List<String> wrong = violations();
        last.set(0, wrong);
        return wrong.isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      List<String> wrong = last.get(0);
      throw new AssertionError(wrong.size() + " violations after " + deadline.toSeconds() + " s, e.g. "
          + wrong.stream().limit(8).collect(Collectors.joining("; ")), e);
    }
    return Duration.between(start, Instant.now());
  }

  /** Everything that is not as it should be, one line each; empty when the fleet converged. */
  List<String> violations() {
    List<String> wrong = new ArrayList<>();
    Map<String, SandboxEgress> crs = new HashMap<>();
    for (String ns : watched()) {
      client.resources(SandboxEgress.class).inNamespace(ns).list().getItems()
          .forEach(cr -> crs.put(cr.getMetadata().getName(), cr));
    }
    Map<String, Integer> expectedRounds;
    synchronized (rounds) {
      expectedRounds = Map.copyOf(rounds);
    }
    // owned objects, by owner, in every namespace of the fleet (the gateway's included)
    Map<String, List<HasMetadata>> owned = new HashMap<>();
    for (String ns : all()) {
      for (Class<? extends HasMetadata> kind : OWNED_KINDS) {
        for (HasMetadata o : client.resources(kind).inNamespace(ns).withLabel(OwnedLabels.OWNER).list().getItems()) {
          owned.computeIfAbsent(o.getMetadata().getLabels().get(OwnedLabels.OWNER), k -> new ArrayList<>()).add(o);
        }
      }
    }
    Map<String, List<ControllerRevision>> revisions = new HashMap<>();
    List<Pod> probePods = new ArrayList<>();
    for (String ns : watched()) {
      client.apps().controllerRevisions().inNamespace(ns).withLabel(OwnedLabels.OWNER).list().getItems()
          .forEach(r -> revisions.computeIfAbsent(r.getMetadata().getLabels().get(OwnedLabels.OWNER),
              k -> new ArrayList<>()).add(r));
      probePods.addAll(client.pods().inNamespace(ns).withLabel(OwnedLabels.OWNER).list().getItems());
    }
    for (Pod pod : probePods) {
      if (!expectedRounds.containsKey(pod.getMetadata().getLabels().get(OwnedLabels.OWNER)) && collectable(pod)) {
        continue; // of a deleted CR: the garbage collector's
      }
      wrong.add("probe pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " left");
    }
    for (String name : deleted) {
      if (crs.containsKey(name)) {
        wrong.add(name + " deleted but still there (finalizers " + crs.get(name).getMetadata().getFinalizers() + ")");
      }
    }
    for (Map.Entry<String, List<HasMetadata>> e : owned.entrySet()) {
      if (!expectedRounds.containsKey(e.getKey())) {
        // a deleted CR: what the garbage collector removes (controller reference to its UID) is
        // allowed to stay here, since this API server runs no garbage collector; nothing else
        for (HasMetadata o : e.getValue()) {
          if (!collectable(o)) {
            wrong.add("orphan " + id(o) + " of deleted " + e.getKey());
          }
        }
      }
    }
    for (Map.Entry<String, Integer> e : expectedRounds.entrySet()) {
      String name = e.getKey();
      int i = Integer.parseInt(name.substring(3));
      SandboxEgress cr = crs.get(name);
      if (cr == null) {
        wrong.add(name + " missing");
        continue;
      }
      check(cr, i, e.getValue(), owned.getOrDefault(name, List.of()), revisions.getOrDefault(name, List.of()),
          wrong);
    }
    return wrong;
  }

  private void check(SandboxEgress cr, int i, int round, List<HasMetadata> live, List<ControllerRevision> kept,
      List<String> wrong) {
    String name = cr.getMetadata().getName();
    SandboxEgress expected = SandboxEgresses.parse(namespaceOf(i), name, spec(i, round));
    if (!contains(Serialization.jsonMapper().valueToTree(cr.getSpec()),
        Serialization.jsonMapper().valueToTree(expected.getSpec()))) {
      wrong.add(name + " has not the spec of round " + round + " yet");
      return;
    }
    var status = cr.getStatus();
    if (status == null || !Objects.equals(status.getObservedGeneration(), cr.getMetadata().getGeneration())) {
      wrong.add(name + " status not for generation " + cr.getMetadata().getGeneration());
      return;
    }
    boolean ready = status.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    if (!ready) {
      wrong.add(name + " not Ready: " + status.getConditions().stream().filter(c -> "Ready".equals(c.getType()))
          .map(c -> c.getReason() + " " + c.getMessage()).findFirst().orElse("no Ready condition"));
    }
    Bundle bundle = render(cr);
    Map<String, HasMetadata> rendered = bundle.objects().stream().collect(Collectors.toMap(Fleet::id, o -> o));
    Map<String, HasMetadata> applied = new HashMap<>();
    for (HasMetadata o : live) {
      if (applied.put(id(o), o) != null) {
        wrong.add(name + ": " + id(o) + " twice");
      }
    }
    for (String id : new TreeSet<>(rendered.keySet())) {
      HasMetadata o = applied.get(id);
      if (o == null) {
        wrong.add(name + ": " + id + " missing");
      } else if (!contains(spec(o), spec(rendered.get(id)))) {
        wrong.add(name + ": " + id + " is not as its current spec renders it");
      }
    }
    for (String id : applied.keySet()) {
      if (!rendered.containsKey(id)) {
        wrong.add(name + ": " + id + " left from an older spec");
      }
    }
    Set<String> listed = status.getResources() == null ? Set.of() : status.getResources().stream()
        .map(Fleet::id).collect(Collectors.toSet());
    if (!listed.equals(rendered.keySet())) {
      wrong.add(name + ": status.resources " + new TreeSet<>(listed) + " is not " + new TreeSet<>(rendered.keySet()));
    }
    checkRevisions(name, status.getRevision(), status.getRevisionBundle(), kept, wrong);
  }

  private static void checkRevisions(String name, Long live, String liveBundle, List<ControllerRevision> kept,
      List<String> wrong) {
    if (kept.size() > HISTORY_LIMIT) {
      wrong.add(name + ": " + kept.size() + " ControllerRevisions kept, historyLimit " + HISTORY_LIMIT);
    }
    List<Revision> revisions = kept.stream().map(Revision::of).toList();
    Set<String> fingerprints = new HashSet<>();
    Set<Long> numbers = new HashSet<>();
    for (Revision r : revisions) {
      if (!fingerprints.add(r.fingerprint())) {
        wrong.add(name + ": two ControllerRevisions of the same objects (" + r.name() + ")");
      }
      if (!numbers.add(r.number())) {
        wrong.add(name + ": revision number " + r.number() + " twice");
      }
    }
    if (live == null || revisions.stream().noneMatch(r -> r.number() == live && r.fingerprint().equals(liveBundle))) {
      wrong.add(name + ": no ControllerRevision for the live revision " + live);
    }
  }

  /** The objects the operator should have applied: the same compile path it uses. */
  private Bundle render(SandboxEgress cr) {
    Map<String, String> labels = cr.getMetadata().getNamespace().equals(mesh)
        ? DataPlaneResolver.namespaceLabelsFor(DataPlane.SIDECAR) : DataPlaneResolver.namespaceLabelsFor(DataPlane.NONE);
    return new EgressCompiler().compile(cr, labels,
        new CompileFacts(true, NETWORKS, IstioMesh.defaults(), ProtectedNamespace.ALWAYS)).bundle();
  }

  /** Whether the garbage collector removes {@code o} once its owner is gone. */
  private static boolean collectable(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController())
        && "SandboxEgress".equals(r.getKind()));
  }

  private static JsonNode spec(HasMetadata o) {
    return Serialization.jsonMapper().valueToTree(o).path("spec");
  }

  /** Whether {@code actual} holds everything {@code expected} says (the API server may add defaults). */
  static boolean contains(JsonNode actual, JsonNode expected) {
    if (expected.isContainerNode() && expected.isEmpty() && actual.isMissingNode()) {
      return true;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          continue;
        }
        if (!contains(actual.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        return false;
      }
      for (int k = 0; k < expected.size(); k++) {
        if (!contains(actual.get(k), expected.get(k))) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual) || expected.asText().equals(actual.asText());
  }

  static String id(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  static String id(ResourceRef r) {
    return r.getKind() + " " + r.getNamespace() + "/" + r.getName();
  }

  private void namespace(String name, Map<String, String> labels) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
        .endMetadata().build()).serverSideApply();
  }
}
