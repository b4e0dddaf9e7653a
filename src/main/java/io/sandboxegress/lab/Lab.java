package io.sandboxegress.lab;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sandboxegress.local.LocalApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real data plane beside the local API server, in network namespaces this run creates: a node
 * with kube-router enforcing NetworkPolicies, a lab kubelet that runs pods (probe pods for real),
 * kube-dns (dnsmasq), and an "internet" at documentation addresses plus the metadata address and
 * private-range hosts. Optionally Istio's sidecar mesh ({@link #enableSidecarMesh()}).
 *
 * <p>Safety: the root network namespace is never changed (no links, routes or rules; the API server
 * is reached through a unix socket), the lab has no route out, every name carries this run's unique
 * prefix, and {@link #close()} (also a shutdown hook) removes everything. A run killed outright is
 * cleaned up by the next one ({@link StaleLabs}).
 */
public final class Lab implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

  private final LocalApiServer server;
  private final KubernetesClient client;
  private final LabNode node;
  private final Path directory;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::closeQuietly, "lab-shutdown");
  private LabKubelet kubelet;
  private LabImages images;
  private ApiSocketBridge apiBridge;
  private volatile IstioLab istio;
  private boolean egressGateway;
  private LabBinaries binaries;
  private LabCa ca;
  private boolean closed;

  private Lab(LocalApiServer server, String runId, Path directory) {
    this.server = server;
    this.client = server.client();
    this.directory = directory;
    this.node = new LabNode(runId, directory);
  }

  /** Starts the lab next to {@code server}; fails (after removing what it made) when it cannot. */
  public static Lab start(LocalApiServer server) {
    String whyNot = LabPreconditions.whyNot();
    if (whyNot != null) {
      throw new LabException(whyNot);
    }
    StaleLabs.removeAll();
    String runId = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36)
        .toLowerCase(Locale.ROOT);
    Path directory = Path.of(System.getProperty("java.io.tmpdir"), LabNode.NETNS_PREFIX + runId);
    Lab lab = new Lab(server, runId, directory);
    Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
    try {
      lab.startAll();
      return lab;
    } catch (RuntimeException | InterruptedException e) {
      lab.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof LabException le ? le : new LabException("the lab did not start: " + e.getMessage(), e);
    }
  }

  private void startAll() throws InterruptedException {
    Instant started = Instant.now();
    binaries = LabBinaries.locate().orThrow();
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(directory.resolve(StaleLabs.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      Files.writeString(directory.resolve("kubeconfig"), server.kubeconfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ca = LabCa.create(directory.resolve("ca"));
    images = new LabImages(ca);
    resources.add(node);
    node.create();
    LabProcess world = LabProcess.start("lab world", Host.netnsCommand(node.worldNetns(), images.java(
            List.of("-Xmx64m"), LabWorldServer.class.getName(), List.of(ca.serverKeyStore().toString(), ca.password()))),
        Map.of(), directory, directory.resolve("world.log"));
    resources.add(world);
    int apiPort = URI.create(client.getConfiguration().getMasterUrl()).getPort();
    apiBridge = ApiSocketBridge.start(directory.resolve("api.sock"), apiPort);
    resources.add(apiBridge);
    resources.add(bridgeInto(node.netns(), apiBridge));
    registerNode();
    resources.add(startKubeRouter());
    kubelet = new LabKubelet(client, node, images, () -> istio != null ? istio : SidecarInjector.NONE);
    resources.add(kubelet);
    kubelet.start();
    startKubeDns();
    // started first, awaited last: its JVM warms up while the rest of the lab comes up
    world.awaitLog(LabWorldServer.READY, Duration.ofSeconds(90));
    LOG.info("lab {} ready in {} ms: node {}, kube-router, kube-dns, world at {}", node.runId(),
        Duration.between(started, Instant.now()).toMillis(), node.netns(), LabAddresses.WORLD);
  }

  /** A socat in {@code netns} that makes the API server's loopback port reachable there. */
  private LabProcess bridgeInto(String netns, ApiSocketBridge bridge) {
    return LabProcess.start("api bridge in " + netns, Host.netnsCommand(netns, bridgeCommand()),
        Map.of(), directory, directory.resolve("bridge-" + netns + ".log"));
  }

  /** The command that, run in a lab namespace, serves the API server's port on its loopback. */
  List<String> bridgeCommand() {
    return List.of("socat", "TCP-LISTEN:" + apiBridge.apiPort() + ",bind=127.0.0.1,fork,reuseaddr",
        "UNIX-CONNECT:" + apiBridge.socket());
  }

  private void registerNode() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node.name())
        .addToLabels("kubernetes.io/hostname", node.name()).endMetadata()
        .withNewSpec().withPodCIDR(LabAddresses.POD_CIDR).endSpec().build()).serverSideApply();
    client.nodes().withName(node.name()).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
        .addNewAddress().withType("InternalIP").withAddress(node.address()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(node.name()).endAddress()
        .addNewCondition().withType("Ready").withStatus("True").withReason("LabNode").endCondition()
        .endStatus().build());
  }

  private LabProcess startKubeRouter() throws InterruptedException {
    int healthPort = 20244;
    LabProcess kubeRouter = LabProcess.start("kube-router", Host.netnsCommand(node.netns(), List.of(
            binaries.kubeRouter().toString(), "--kubeconfig=" + directory.resolve("kubeconfig"),
            "--hostname-override=" + node.name(), "--run-firewall=true", "--run-router=false",
            "--run-service-proxy=false", "--run-loadbalancer=false", "--enable-ipv4=true", "--enable-ipv6=false",
            "--service-cluster-ip-range=" + LabAddresses.SERVICE_CIDR, "--health-port=" + healthPort,
            "--metrics-port=0", "-v=1")),
        Map.of(), directory, directory.resolve("kube-router.log"));
    awaitUntil("kube-router healthy", Duration.ofSeconds(60), kubeRouter, () -> Host.tryInNetns(node.netns(),
        "curl", "-sf", "-o", "/dev/null", "http://127.0.0.1:" + healthPort + "/healthz").exitCode() == 0);
    return kubeRouter;
  }

  private void startKubeDns() throws InterruptedException {
    kubelet.manage("kube-system");
    List<String> args = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--log-facility=-",
        "--no-resolv", "--no-hosts", "--user=nobody", "--group=nogroup",
        // answers carry a TTL, as real ones do (dnsmasq's own answers default to 0: no caching)
        "--local-ttl=30",
        "--pid-file=" + directory.resolve("dnsmasq.pid"),
        // every name the lab does not know is NXDOMAIN, without asking anyone upstream
        "--address=/#/"));
    LabAddresses.NAMES.forEach((name, ip) -> args.add("--address=/" + (name.startsWith(".") ? name.substring(1) : name)
        + "/" + ip));
    for (String istiod : List.of("istiod.istio-system.svc", "istiod.istio-system.svc.cluster.local")) {
      args.add("--address=/" + istiod + "/" + LabAddresses.ISTIOD_CLUSTER_IP);
    }
    String name = "kube-dns-" + node.runId();
    client.pods().inNamespace("kube-system").resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("k8s-app", "kube-dns")
        .addToLabels(StaleLabs.RUN_LABEL, node.runId()).endMetadata()
        .withNewSpec().addNewContainer().withName("dnsmasq").withImage(LabImages.DNSMASQ_IMAGE).withArgs(args)
        .endContainer().endSpec().build()).create();
    Pod dns = client.pods().inNamespace("kube-system").withName(name).waitUntilCondition(
        p -> p != null && p.getStatus() != null && p.getStatus().getPodIP() != null
            || p != null && p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()),
        60, TimeUnit.SECONDS);
    if ("Failed".equals(dns.getStatus().getPhase())) {
      throw new LabException("kube-dns did not start: " + dns.getStatus().getMessage());
    }
    String dnsIp = dns.getStatus().getPodIP();
    try {
      client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
          .withName("kube-dns").addToLabels("k8s-app", "kube-dns").endMetadata()
          .withNewSpec().withClusterIP(LabAddresses.KUBE_DNS_CLUSTER_IP).addToSelector("k8s-app", "kube-dns")
          .addNewPort().withName("dns").withProtocol("UDP").withPort(53).endPort()
          .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).endPort()
          .endSpec().build()).serverSideApply();
    } catch (KubernetesClientException e) {
      LOG.debug("kube-dns Service not written ({}); the node's rules route its ClusterIP anyway", e.getMessage());
    }
    node.routeService(LabAddresses.KUBE_DNS_CLUSTER_IP, 53, "udp", dnsIp, 53);
    node.routeService(LabAddresses.KUBE_DNS_CLUSTER_IP, 53, "tcp", dnsIp, 53);
    node.useNameserver(dnsIp);
    String dnsNetns = kubelet.netnsOf("kube-system/" + name);
    awaitUntil("kube-dns listening", Duration.ofSeconds(30), null,
        () -> Host.tryInNetns(dnsNetns, "ss", "-Hlun", "sport", "=", ":53").output().contains(":53"));
  }

  /** Runs the pods of {@code namespace} (create it before or after). */
  public void manage(String namespace) {
    kubelet.manage(namespace);
  }

  /** The image to give the operator as {@code --probe-image}: the lab runs it from this JVM's classpath. */
  public static String probeImage() {
    return LabImages.OPERATOR_IMAGE;
  }

  public String podCidr() {
    return LabAddresses.POD_CIDR;
  }

  public String serviceCidr() {
    return LabAddresses.SERVICE_CIDR;
  }

  /** The address of a pod the lab runs, or null. */
  public String podAddress(String namespace, String name) {
    return kubelet.addresses().get(namespace + "/" + name);
  }

  /** The network namespace of a pod the lab runs, or null: for tests that make it vanish. */
  String netnsOf(String namespace, String name) {
    return kubelet.netnsOf(namespace + "/" + name);
  }

  /** Routes {@code clusterIp:port} to a pod, as kube-proxy would for a Service. */
  public void routeService(String clusterIp, int port, String podIp, int targetPort) {
    node.routeService(clusterIp, port, "tcp", podIp, targetPort);
  }

  /**
   * Starts istiod against the API server (all of Istio's CRDs installed first); from then on pods
   * in namespaces labelled {@code istio-injection=enabled} get a sidecar.
   */
  public synchronized void enableSidecarMesh() throws InterruptedException {
    if (istio == null) {
      istio = IstioLab.start(this, client, binaries, images, kubelet);
    }
  }

  /**
   * Starts an Istio egress gateway (istio-system/istio-egressgateway, pods labelled
   * {@code istio: egressgateway}); the sidecar mesh starts first if it has not.
   */
  public synchronized void enableEgressGateway() throws InterruptedException {
    enableSidecarMesh();
    if (!egressGateway) {
      istio.startEgressGateway(images, kubelet);
      egressGateway = true;
    }
  }

  /** An Envoy admin page of the egress gateway ({@code stats}, {@code clusters}, …), read inside its pod. */
  public String egressGatewayAdmin(String path) {
    String netns = kubelet.netnsOf("istio-system/istio-egressgateway-" + node.runId());
    if (netns == null) {
      throw new LabException("no egress gateway runs in this lab");
    }
    return Host.inNetns(netns, "curl", "-s", "http://127.0.0.1:15000/" + path);
  }

  String runId() {
    return node.runId();
  }

  Path directory() {
    return directory;
  }

  LabNode node() {
    return node;
  }

  /** Polls {@code condition} every 100 ms until {@code timeout}; fails early when {@code process} died. */
  static void awaitUntil(String what, Duration timeout, LabProcess process, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (process != null && !process.isAlive()) {
        throw new LabException(what + ": " + process.name() + " exited; its log: " + tail(process.log()));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new LabException(what + ": not within " + timeout.toSeconds() + " s"
            + (process == null ? "" : "; " + process.name() + "'s log: " + tail(process.log())));
      }
      Thread.sleep(100);
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Copies the run's logs to {@code -Dlab.logs=DIR} (the build sets target/lab-logs) before they go. */
  private void keepLogs() {
    String target = System.getProperty("lab.logs");
    if (target == null || !Files.isDirectory(directory)) {
      return;
    }
    Path into = Path.of(target).resolve(node.runId());
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        Path copy = into.resolve(directory.relativize(log));
        Files.createDirectories(copy.getParent());
        Files.copy(log, copy);
      }
    } catch (IOException e) {
      LOG.debug("lab {}: logs not kept: {}", node.runId(), e.getMessage());
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      LOG.warn("lab {}: cleanup failed: {}", node.runId(), e.getMessage());
    }
  }

  /** Stops every process of the lab and deletes its namespaces, files and Node object. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("lab {}: cannot stop {}: {}", node.runId(), resources.get(i), e.getMessage());
      }
    }
    try {
      // The node is gone, so are its pods: left in the API server with their addresses, they would
      // collide with the next lab's pods in that lab's kube-router (seen: istiod's address firewalled
      // by a policy of an old sandbox that had the same address)
      client.pods().inAnyNamespace().withField("spec.nodeName", node.name()).withGracePeriod(0).delete();
      client.nodes().withName(node.name()).delete();
    } catch (RuntimeException e) {
      LOG.debug("lab {}: API objects not removed ({}); the API server is gone", node.runId(), e.getMessage());
    }
    keepLogs();
    StaleLabs.deleteDirectory(directory);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: this is the hook
    }
  }
}
