package io.sandboxegress.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sandboxegress.reconcile.SandboxEgressOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the operator, against the current kubeconfig's cluster or the in-cluster config. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against the cluster of the current kubeconfig (or in-cluster config).")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin
  OperatorOptions options = new OperatorOptions();

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  Path kubeconfig;

  @Override
  public Integer call() throws Exception {
    Config config = kubeconfig == null
        ? Config.autoConfigure(null)
        : Config.fromKubeconfig(Files.readString(kubeconfig));
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        SandboxEgressOperator operator = SandboxEgressOperator.start(client, options.toConfig(), options.instance())) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("stopping");
        operator.close();
        stopped.countDown();
      }, "shutdown"));
      LOG.info("sandbox-egress-operator running against {}", config.getMasterUrl());
      stopped.await();
    }
    return 0;
  }
}
