package io.sandboxegress.faults;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.kubeconfig.KubeConfig;
import io.fabric8.kubeapitest.process.EtcdProcess;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sandboxegress.local.CrdInstaller;
import io.sandboxegress.local.CrdSources;
import io.sandboxegress.local.TestBinaries;
import io.sandboxegress.testing.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kube-apiserver with etcd of the fault suite's own (not the suite's shared one, which other
 * tests use meanwhile), whose kube-apiserver can be stopped and started again while etcd keeps its
 * data. Clients reach it through relays on fixed ports: the operator's relay can also be cut, to
 * make the API server unreachable for the operator only; the test's own client goes through another.
 */
final class FaultApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultApiServer.class);

  private final KubeAPIServerConfig config;
  private final BinaryManager binaries;
  private final CertManager certs;
  private final EtcdProcess etcd;
  private final int etcdPort;
  private final TcpRelay operatorRelay;
  private final TcpRelay testRelay;
  private final KubernetesClient client;
  private KubeAPIServerProcess apiServer;

  private FaultApiServer(KubeAPIServerConfig config, BinaryManager binaries, CertManager certs, EtcdProcess etcd,
      int etcdPort, KubeAPIServerProcess apiServer, int apiPort) {
    this.config = config;
    this.binaries = binaries;
    this.certs = certs;
    this.etcd = etcd;
    this.etcdPort = etcdPort;
    this.apiServer = apiServer;
    this.operatorRelay = TcpRelay.start(apiPort);
    this.testRelay = TcpRelay.start(apiPort);
    this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml(testRelay)))
        .build();
  }

  static FaultApiServer start() {
    TestBinaries located = TestBinaries.locate();
    KubeAPIServerConfig config = KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(located.testDir().toString())
        .withApiServerVersion(located.version())
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withStartupTimeout((int) TimeUnit.SECONDS.toMillis(120))
        .build();
    BinaryManager binaries = new BinaryManager(config);
    binaries.initAndDownloadIfRequired();
    CertManager certs = new CertManager(config.getKubeAPITestDir());
    certs.createCertificatesIfNeeded();
    EtcdProcess etcd = new EtcdProcess(binaries, FaultApiServer::unexpectedStop,
        config.isWaitForEtcdHealthCheckOnStartup(), config.getStartupTimeout());
    int etcdPort = etcd.startEtcd();
    KubeAPIServerProcess apiServer = new KubeAPIServerProcess(certs, binaries, FaultApiServer::unexpectedStop, config);
    int apiPort = apiServer.startApiServer(etcdPort);
    apiServer.waitUntilReady();
    FaultApiServer server = new FaultApiServer(config, binaries, certs, etcd, etcdPort, apiServer, apiPort);
    new CrdInstaller(server.client).install(CrdSources.all(ApiServer.projectRoot()));
    return server;
  }

  private static void unexpectedStop(Process process) {
    LOG.warn("a process of the fault suite's API server ended on its own: pid {}", process.pid());
  }

  /** The test's client: through a relay that is never cut and follows restarts. */
  KubernetesClient client() {
    return client;
  }

  /** A kubeconfig for the operator: through the relay that {@link #cutForOperator()} closes. */
  String operatorKubeconfigYaml() {
    return kubeconfigYaml(operatorRelay);
  }

  Path writeOperatorKubeconfig(Path dir) {
    try {
      return Files.writeString(dir.resolve("kubeconfig"), operatorKubeconfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops kube-apiserver (etcd keeps running with its data) and starts it again; returns when ready. */
  synchronized Duration restartApiServer() {
    Instant stopping = Instant.now();
    apiServer.stopApiServer();
    KubeAPIServerProcess restarted = new KubeAPIServerProcess(certs, binaries, FaultApiServer::unexpectedStop, config);
    int port = restarted.startApiServer(etcdPort);
    operatorRelay.upstream(port);
    testRelay.upstream(port);
    restarted.waitUntilReady();
    apiServer = restarted;
    return Duration.between(stopping, Instant.now());
  }

  /** The operator's connections to the API server are refused until {@link #reconnectOperator()}. */
  void cutForOperator() {
    operatorRelay.cut();
  }

  void reconnectOperator() {
    operatorRelay.open();
  }

  private String kubeconfigYaml(TcpRelay relay) {
    return new KubeConfig(certs, binaries).generateKubeConfigYaml(relay.port());
  }

  @Override
  public void close() {
    client.close();
    operatorRelay.close();
    testRelay.close();
    apiServer.stopApiServer();
    etcd.stopEtcd();
    etcd.cleanEtcdData();
  }
}
