package io.sandboxegress.lab;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sandboxegress.local.CrdInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Istio's sidecar mesh in the lab: all of Istio's CRDs, istiod (pilot-discovery built from the Go
 * module proxy) as a pod in istio-system reached through a ClusterIP like any pod would, and a
 * {@link SidecarInjector} that gives each pod of a sidecar-mesh namespace pilot-agent with upstream
 * Envoy, uid 1337, and Istio's iptables redirect, the way the injected istio-proxy container does.
 *
 * <p>Upstream Envoy lacks three Istio-only extensions; istiod is told not to generate them
 * (metadata exchange, ALPN filter, stats), which changes telemetry, not what traffic is allowed.
 */
final class IstioLab implements SidecarInjector {

  static final String ISTIOD_IMAGE = "lab.local/istiod:lab";
  static final String GATEWAY_IMAGE = "lab.local/istio-proxyv2:lab";
  static final int PROXY_UID = 1337;
  private static final Logger LOG = LoggerFactory.getLogger(IstioLab.class);
  private static final String MESH_CONFIG = """
      defaultConfig:
        discoveryAddress: istiod.istio-system.svc:15012
        holdApplicationUntilProxyStarts: true
      trustDomain: cluster.local
      rootNamespace: istio-system
      enablePrometheusMerge: false
      outboundTrafficPolicy:
        mode: ALLOW_ANY
      """;

  private final Lab lab;
  private final KubernetesClient client;
  private final LabBinaries binaries;
  private final Path binDir;
  private final Path meshFile;

  private IstioLab(Lab lab, KubernetesClient client, LabBinaries binaries, Path binDir, Path meshFile) {
    this.lab = lab;
    this.client = client;
    this.binaries = binaries;
    this.binDir = binDir;
    this.meshFile = meshFile;
  }

  static IstioLab start(Lab lab, KubernetesClient client, LabBinaries binaries, LabImages images, LabKubelet kubelet)
      throws InterruptedException {
    Path binDir = lab.directory().resolve("bin");
    Path meshFile = lab.directory().resolve("mesh.yaml");
    try {
      Files.createDirectories(binDir);
      // the proxy runs as uid 1337, which cannot read a build cache under a private home
      for (Path binary : List.of(binaries.pilotAgent(), binaries.envoy())) {
        Path copy = binDir.resolve(binary.getFileName());
        Files.copy(binary, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.setPosixFilePermissions(binDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(meshFile, MESH_CONFIG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IstioLab istio = new IstioLab(lab, client, binaries, binDir, meshFile);
    istio.installCrds();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("istio-system").endMetadata()
        .build()).serverSideApply();
    client.configMaps().inNamespace("istio-system").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("istio").endMetadata().addToData("mesh", MESH_CONFIG).build()).serverSideApply();
    images.register(ISTIOD_IMAGE, istio::istiod);
    kubelet.manage("istio-system");
    String name = "istiod-" + lab.runId();
    client.pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata().withName(name)
        .addToLabels("app", "istiod").addToLabels("istio", "pilot").addToLabels(StaleLabs.RUN_LABEL, lab.runId())
        .endMetadata().withNewSpec().addNewContainer().withName("discovery").withImage(ISTIOD_IMAGE).endContainer()
        .endSpec().build()).create();
    Pod istiod = client.pods().inNamespace("istio-system").withName(name).waitUntilCondition(
        p -> p != null && p.getStatus() != null && (p.getStatus().getPodIP() != null
            || "Failed".equals(p.getStatus().getPhase())), 60, TimeUnit.SECONDS);
    if ("Failed".equals(istiod.getStatus().getPhase())) {
      throw new LabException("istiod did not start: " + istiod.getStatus().getMessage());
    }
    String ip = istiod.getStatus().getPodIP();
    client.services().inNamespace("istio-system").resource(new ServiceBuilder().withNewMetadata().withName("istiod")
        .addToLabels("app", "istiod").endMetadata().withNewSpec().withClusterIP(LabAddresses.ISTIOD_CLUSTER_IP)
        .addToSelector("app", "istiod")
        .addNewPort().withName("grpc-xds").withPort(15010).withProtocol("TCP").endPort()
        .addNewPort().withName("https-dns").withPort(15012).withProtocol("TCP").endPort()
        .endSpec().build()).serverSideApply();
    for (int port : new int[] {15010, 15012}) {
      lab.routeService(LabAddresses.ISTIOD_CLUSTER_IP, port, ip, port);
    }
    String netns = kubelet.netnsOf("istio-system/" + name);
    Lab.awaitUntil("istiod ready", Duration.ofSeconds(90), null, () -> Host.tryInNetns(netns, "curl", "-sf",
        "-o", "/dev/null", "http://127.0.0.1:8080/ready").exitCode() == 0);
    LOG.info("lab istiod ready at {}", ip);
    return istio;
  }

  private void installCrds() {
    new CrdInstaller(client).install(List.of(binaries.istioCrds()));
  }

  /** istiod's container: pilot-discovery with its own bridge to the API server. */
  private ContainerLaunch istiod(Pod pod, PodNetwork network, Path podDir) {
    Map<String, String> env = new TreeMap<>(Map.ofEntries(
        Map.entry("POD_NAME", pod.getMetadata().getName()),
        Map.entry("POD_NAMESPACE", "istio-system"),
        Map.entry("REVISION", "default"),
        Map.entry("CLUSTER_ID", "Kubernetes"),
        Map.entry("JWT_POLICY", "third-party-jwt"),
        Map.entry("PILOT_CERT_PROVIDER", "istiod"),
        Map.entry("ISTIOD_CUSTOM_HOST", "istiod.istio-system.svc"),
        Map.entry("INJECTION_WEBHOOK_CONFIG_NAME", ""),
        Map.entry("VALIDATION_WEBHOOK_CONFIG_NAME", ""),
        Map.entry("PILOT_ENABLE_GATEWAY_API", "false"),
        // upstream Envoy rejects these Istio-only extensions
        Map.entry("PILOT_ENABLE_METADATA_EXCHANGE", "false"),
        Map.entry("PILOT_ENABLE_ALPN_FILTER", "false")));
    List<String> argv = List.of(binaries.pilotDiscovery().toString(), "discovery",
        "--kubeconfig", lab.directory().resolve("kubeconfig").toString(),
        "--meshConfig", meshFile.toString(), "--domain", "cluster.local", "--log_output_level", "default:info");
    return new ContainerLaunch("discovery", argv, env, null, List.of(lab.bridgeCommand()));
  }

  @Override
  public boolean wanted(Pod pod, Namespace namespace) {
    Map<String, String> labels = namespace == null || namespace.getMetadata().getLabels() == null ? Map.of()
        : namespace.getMetadata().getLabels();
    Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
        : pod.getMetadata().getAnnotations();
    return "enabled".equals(labels.get("istio-injection"))
        && !"false".equals(annotations.get("sidecar.istio.io/inject"));
  }

  @Override
  public List<LabProcess> inject(Pod pod, PodNetwork network, Path podDir) throws InterruptedException {
    // istio-init: every TCP connection but the proxy's own (uid 1337) goes through Envoy
    Host.inNetns(network.netns(), binDir.resolve("pilot-agent").toString(), "istio-iptables", "-p", "15001",
        "-z", "15006", "-u", Integer.toString(PROXY_UID), "-m", "REDIRECT", "-i", "*", "-x", "", "-b", "*",
        "-d", "15090,15021,15020");
    LabProcess agent = startProxy(pod, network, podDir, "sidecar");
    awaitReady(pod, network, agent);
    return List.of(agent);
  }

  /**
   * pilot-agent with upstream Envoy as uid 1337, in the pod's namespace: {@code sidecar} or
   * {@code router} (a gateway). Its token, root certificate and pod labels are written first, as
   * the injected istio-proxy container gets them from projected volumes.
   */
  private LabProcess startProxy(Pod pod, PodNetwork network, Path podDir, String mode) throws InterruptedException {
    String namespace = pod.getMetadata().getNamespace();
    String serviceAccount = pod.getSpec().getServiceAccountName() == null ? "default"
        : pod.getSpec().getServiceAccountName();
    Path proxyDir = podDir.resolve("proxy");
    writeProxyFiles(pod, namespace, serviceAccount, proxyDir);
    Path log = podDir.resolve("istio-proxy.log");
    // The proxy is a container of its own: it does not see the app container's /etc/hosts (where the
    // lab lets a sandbox point an allowed name at an address of its choosing).
    Path proxyHosts = podDir.resolve("proxy-hosts");
    try {
      Files.writeString(log, "");
      Files.writeString(proxyHosts, "127.0.0.1 localhost\n::1 localhost\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Envoy re-opens /dev/stdout for its access log: the log file must be the proxy's own
    Host.run("chown", "-R", PROXY_UID + ":" + PROXY_UID, proxyDir.toString(), log.toString());
    String proxyConfig = "{\"discoveryAddress\":\"istiod.istio-system.svc:15012\",\"binaryPath\":\""
        + binDir.resolve("envoy") + "\",\"configPath\":\"./etc/istio/proxy\",\"drainDuration\":\"1s\","
        + "\"terminationDrainDuration\":\"1s\",\"holdApplicationUntilProxyStarts\":true}";
    Map<String, String> env = new TreeMap<>(Map.ofEntries(
        Map.entry("POD_NAME", pod.getMetadata().getName()),
        Map.entry("POD_NAMESPACE", namespace),
        Map.entry("INSTANCE_IP", network.address()),
        Map.entry("HOST_IP", LabAddresses.GATEWAY),
        Map.entry("SERVICE_ACCOUNT", serviceAccount),
        Map.entry("PROXY_CONFIG", proxyConfig),
        Map.entry("ISTIO_META_CLUSTER_ID", "Kubernetes"),
        Map.entry("ISTIO_META_INTERCEPTION_MODE", "REDIRECT"),
        Map.entry("ISTIO_META_POD_PORTS", "[]"),
        Map.entry("ISTIO_META_APP_CONTAINERS", pod.getSpec().getContainers().get(0).getName()),
        Map.entry("ISTIO_META_WORKLOAD_NAME", pod.getMetadata().getName()),
        Map.entry("ISTIO_META_OWNER", "kubernetes://apis/v1/namespaces/" + namespace + "/pods/"
            + pod.getMetadata().getName()),
        Map.entry("ISTIO_META_MESH_ID", "cluster.local"),
        Map.entry("TRUST_DOMAIN", "cluster.local"),
        Map.entry("JWT_POLICY", "third-party-jwt"),
        Map.entry("PILOT_CERT_PROVIDER", "istiod"),
        Map.entry("CA_ADDR", "istiod.istio-system.svc:15012"),
        Map.entry("HOME", proxyDir.toString())));
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"",
        proxyHosts.toString(), "setpriv", "--reuid=" + PROXY_UID, "--regid=" + PROXY_UID,
        "--clear-groups", binDir.resolve("pilot-agent").toString(), "proxy", mode,
        "--domain", namespace + ".svc.cluster.local", "--proxyLogLevel=warning", "--log_output_level=default:info"));
    return LabProcess.start(namespace + "/" + pod.getMetadata().getName() + " istio-proxy",
        Host.netnsCommand(network.netns(), argv), env, proxyDir, log);
  }

  private static void awaitReady(Pod pod, PodNetwork network, LabProcess agent) throws InterruptedException {
    Lab.awaitUntil("the proxy of " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
        + " ready", Duration.ofSeconds(60), agent, () -> Host.tryInNetns(network.netns(), "curl", "-sf", "-o",
        "/dev/null", "http://127.0.0.1:15021/healthz/ready").exitCode() == 0);
  }

  /**
   * An Istio egress gateway as the {@code istio-egressgateway} chart installs it: a router pod in
   * istio-system labelled {@code istio: egressgateway}, Service ports 80/443 on 8080/8443, and the
   * EndpointSlice the endpoints controller would write (the local API server runs no controllers).
   */
  void startEgressGateway(LabImages images, LabKubelet kubelet) throws InterruptedException {
    String name = "istio-egressgateway-" + lab.runId();
    String serviceAccount = "istio-egressgateway-service-account";
    Map<String, LabProcess> started = new java.util.concurrent.ConcurrentHashMap<>();
    images.register(GATEWAY_IMAGE, (pod, network, podDir) -> {
      try {
        LabProcess router = startProxy(pod, network, podDir, "router");
        awaitReady(pod, network, router);
        started.put(pod.getMetadata().getName(), router);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted while starting the egress gateway");
      }
      // the router is the pod's process: nothing more to run (the kubelet stops it with the pod)
      return new ContainerLaunch("istio-proxy", List.of(), Map.of(), null);
    });
    ensureServiceAccount("istio-system", serviceAccount);
    client.services().inNamespace("istio-system").resource(new ServiceBuilder().withNewMetadata()
        .withName("istio-egressgateway").addToLabels("istio", "egressgateway").endMetadata()
        .withNewSpec().addToSelector("istio", "egressgateway")
        .addNewPort().withName("http2").withPort(80).withNewTargetPort(8080).withProtocol("TCP").endPort()
        .addNewPort().withName("https").withPort(443).withNewTargetPort(8443).withProtocol("TCP").endPort()
        .endSpec().build()).serverSideApply();
    client.pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata().withName(name)
        .addToLabels("istio", "egressgateway").addToLabels("app", "istio-egressgateway")
        .addToLabels(StaleLabs.RUN_LABEL, lab.runId()).endMetadata()
        .withNewSpec().withServiceAccountName(serviceAccount).addNewContainer().withName("istio-proxy")
        .withImage(GATEWAY_IMAGE).endContainer().endSpec().build()).create();
    Lab.awaitUntil("the egress gateway ready", Duration.ofSeconds(90), null, () -> started.containsKey(name)
        || "Failed".equals(phase(name)));
    Pod gateway = client.pods().inNamespace("istio-system").withName(name).get();
    if ("Failed".equals(gateway.getStatus().getPhase())) {
      throw new LabException("the egress gateway did not start: " + gateway.getStatus().getMessage());
    }
    String ip = client.pods().inNamespace("istio-system").withName(name).get().getStatus().getPodIP();
    client.discovery().v1().endpointSlices().inNamespace("istio-system").resource(new EndpointSliceBuilder()
        .withNewMetadata().withName("istio-egressgateway-lab")
        .addToLabels("kubernetes.io/service-name", "istio-egressgateway")
        .addToLabels("endpointslice.kubernetes.io/managed-by", "lab.sandboxegress.io").endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).withServing(true)
        .withTerminating(false).endConditions().withNewTargetRef().withKind("Pod").withNamespace("istio-system")
        .withName(name).withUid(gateway.getMetadata().getUid()).endTargetRef().endEndpoint()
        .addNewPort().withName("http2").withPort(8080).withProtocol("TCP").endPort()
        .addNewPort().withName("https").withPort(8443).withProtocol("TCP").endPort()
        .build()).serverSideApply();
    LOG.info("lab egress gateway ready at {}", ip);
  }

  private String phase(String pod) {
    Pod p = client.pods().inNamespace("istio-system").withName(pod).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private void writeProxyFiles(Pod pod, String namespace, String serviceAccount, Path proxyDir)
      throws InterruptedException {
    ensureServiceAccount(namespace, serviceAccount);
    TokenRequestBuilder request = new TokenRequestBuilder().withNewSpec().withAudiences("istio-ca")
        .withExpirationSeconds(43_200L).endSpec();
    if (pod.getSpec().getServiceAccountName() != null) {
      // bound to the pod, as the kubelet's projected token is; a pod without a service account name
      // (the local API server runs no ServiceAccount admission to default it) gets an unbound one
      request.editSpec().withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
          .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec();
    }
    TokenRequest token = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(request.build());
    ConfigMap root = client.configMaps().inNamespace(namespace).withName("istio-ca-root-cert")
        .waitUntilCondition(c -> c != null && c.getData() != null && c.getData().containsKey("root-cert.pem"),
            60, TimeUnit.SECONDS);
    try {
      write(proxyDir.resolve("var/run/secrets/tokens/istio-token"), token.getStatus().getToken());
      write(proxyDir.resolve("var/run/secrets/istio/root-cert.pem"), root.getData().get("root-cert.pem"));
      write(proxyDir.resolve("etc/istio/pod/labels"), downward(pod.getMetadata().getLabels()));
      write(proxyDir.resolve("etc/istio/pod/annotations"), downward(pod.getMetadata().getAnnotations()));
      Files.createDirectories(proxyDir.resolve("etc/istio/proxy"));
      Path template = proxyDir.resolve("var/lib/istio/envoy/envoy_bootstrap_tmpl.json");
      Files.createDirectories(template.getParent());
      Files.copy(binaries.istioBootstrap(), template);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The service account controller's job: the account exists before a token is asked for it. */
  private void ensureServiceAccount(String namespace, String name) {
    if (client.serviceAccounts().inNamespace(namespace).withName(name).get() == null) {
      client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName(name).endMetadata().build()).serverSideApply();
    }
  }

  /** The downward API's file format: one {@code key="value"} per line. */
  private static String downward(Map<String, String> values) {
    if (values == null) {
      return "";
    }
    return new TreeMap<>(values).entrySet().stream()
        .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining("\n"));
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

}
