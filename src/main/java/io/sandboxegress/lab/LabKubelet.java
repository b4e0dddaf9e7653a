package io.sandboxegress.lab;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sandboxegress.reconcile.LabelSelectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a kubelet (and of a scheduler) the lab needs, for the pods of the namespaces it is
 * told to manage: binds each new pod to the lab node, gives it a network namespace and an address,
 * injects an Istio sidecar when the namespace is in the sidecar mesh, writes the pod's status, runs
 * its container for real ({@link LabImages}) and reports its exit and termination message. A
 * deleted pod loses its processes and its namespace, then is removed from the API server.
 *
 * <p>kube-router fails open for a pod it does not know yet, so a container starts only once every
 * NetworkPolicy that selects the pod is enforced for its address; otherwise the pod fails with a
 * message saying so, never runs unenforced.
 */
final class LabKubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LabKubelet.class);
  private static final Duration ENFORCEMENT_WAIT = Duration.ofSeconds(20);

  private final KubernetesClient client;
  private final LabNode node;
  private final LabImages images;
  private final java.util.function.Supplier<SidecarInjector> sidecars;
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
  private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> daemon(r, "lab-kubelet"));
  private final ExecutorService waiters = Executors.newCachedThreadPool(r -> daemon(r, "lab-kubelet-wait"));
  private final AtomicInteger podCount = new AtomicInteger();
  private SharedIndexInformer<Pod> informer;

  LabKubelet(KubernetesClient client, LabNode node, LabImages images,
      java.util.function.Supplier<SidecarInjector> sidecars) {
    this.client = client;
    this.node = node;
    this.images = images;
    this.sidecars = sidecars;
  }

  void start() {
    informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        changed(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        changed(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        lifecycle.submit(() -> stop(pod.getMetadata().getUid(), null));
      }
    }, 0);
  }

  /** Runs the pods of {@code namespace} from now on (and those already there). */
  void manage(String namespace) {
    if (namespaces.add(namespace) && informer != null) {
      informer.getStore().list().stream()
          .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
          .forEach(this::changed);
    }
  }

  /** The pods this kubelet runs right now, by namespace/name, with their addresses. */
  Map<String, String> addresses() {
    Map<String, String> out = new ConcurrentHashMap<>();
    pods.values().stream().filter(p -> p.network != null).forEach(p -> out.put(p.key, p.network.address()));
    return out;
  }

  /** The network namespace of a pod this kubelet runs (namespace/name), or null. */
  String netnsOf(String key) {
    return pods.values().stream().filter(p -> key.equals(p.key) && p.network != null)
        .map(p -> p.network.netns()).findFirst().orElse(null);
  }

  private void changed(Pod pod) {
    if (!namespaces.contains(pod.getMetadata().getNamespace())) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      lifecycle.submit(() -> stop(uid, pod));
      return;
    }
    String nodeName = pod.getSpec().getNodeName();
    if (pods.containsKey(uid) || (nodeName != null && !nodeName.equals(node.name()))) {
      return;
    }
    if (pod.getStatus() != null && pod.getStatus().getPhase() != null
        && !"Pending".equals(pod.getStatus().getPhase())) {
      return; // ran before (an earlier kubelet); a real kubelet would not restart it either
    }
    pods.put(uid, RunningPod.PENDING);
    lifecycle.submit(() -> run(pod));
  }

  private void run(Pod pod) {
    String uid = pod.getMetadata().getUid();
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    RunningPod running = null;
    if (pods.get(uid) != RunningPod.PENDING) {
      return; // deleted before it started
    }
    try {
      if (pod.getSpec().getNodeName() == null) {
        bind(pod);
      }
      int n = podCount.getAndIncrement();
      Path podDir = node.podDirectory(n);
      PodNetwork network = PodNetwork.create(node.podNetns(n), node.netns(), node.podVeth(n),
          LabAddresses.podAddress(n), node.resolvConf(pod.getMetadata().getNamespace()), node.hosts());
      running = new RunningPod(key, network, podDir);
      pods.put(uid, running);
      LOG.info("lab pod {} has address {} in {}", key, network.address(), network.netns());
      // the pod has its address before its containers start, as with a CNI; istiod and
      // kube-router find the pod by it
      writeRunning(pod, network.address());
      SidecarInjector injector = sidecars.get();
      if (injector.wanted(pod, namespace(pod))) {
        running.processes.addAll(injector.inject(pod, network, podDir));
      }
      awaitEnforcement(pod, network.address());
      ContainerLaunch launch = images.launch(pod, network, podDir);
      for (List<String> helper : launch.helpers()) {
        running.processes.add(LabProcess.start(key + " " + helper.get(0), Host.netnsCommand(network.netns(), helper),
            Map.of(), podDir, podDir.resolve("helper-" + running.processes.size() + ".log")));
      }
      if (!launch.argv().isEmpty()) {
        LabProcess process = LabProcess.start(key + " " + launch.container(),
            Host.netnsCommand(network.netns(), launch.argv()), launch.env(), podDir, podDir.resolve("container.log"));
        running.processes.add(process);
        RunningPod current = running;
        waiters.submit(() -> awaitExit(pod, current, process, launch));
        Long deadline = pod.getSpec().getActiveDeadlineSeconds();
        if (deadline != null) {
          waiters.submit(() -> enforceDeadline(pod, current, process, deadline));
        }
      }
    } catch (RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("lab pod {} failed to start: {}", key, e.getMessage());
      writeFailed(pod, "LabStartFailed", e.getMessage());
      if (running != null) {
        running.close();
      }
      pods.remove(uid);
    }
  }

  private Namespace namespace(Pod pod) {
    return client.namespaces().withName(pod.getMetadata().getNamespace()).get();
  }

  private void bind(Pod pod) {
    client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(
        new io.fabric8.kubernetes.api.model.BindingBuilder()
            .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
            .withNewTarget().withKind("Node").withName(node.name()).endTarget()
            .build()).create();
  }

  /**
   * Waits until kube-router has installed the firewall of every NetworkPolicy that selects the pod
   * (its address appears in the node's rules); a pod no policy selects is open by design.
   */
  private void awaitEnforcement(Pod pod, String address) throws InterruptedException {
    List<NetworkPolicy> policies = client.network().v1().networkPolicies()
        .inNamespace(pod.getMetadata().getNamespace()).list().getItems();
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    boolean selected = policies.stream().anyMatch(p -> LabelSelectors.matches(p.getSpec().getPodSelector(), labels));
    if (!selected) {
      return;
    }
    Instant deadline = Instant.now().plus(ENFORCEMENT_WAIT);
    while (!node.firewalls(address)) {
      if (Instant.now().isAfter(deadline)) {
        LOG.warn("node rules when {} was not enforced:\n{}", address, Host.inNetns(node.netns(), "iptables-save"));
        throw new LabException("kube-router did not enforce the NetworkPolicies that select this pod within "
            + ENFORCEMENT_WAIT.toSeconds() + " s; the lab never runs a container unenforced");
      }
      Thread.sleep(50);
    }
  }

  private void awaitExit(Pod pod, RunningPod running, LabProcess process, ContainerLaunch launch) {
    try {
      int exitCode = process.process().waitFor();
      if (running.stopping) {
        return;
      }
      String message = "";
      if (launch.terminationMessage() != null && Files.exists(launch.terminationMessage())) {
        message = Files.readString(launch.terminationMessage()).strip();
      }
      String reason = running.deadlineExceeded ? "DeadlineExceeded" : exitCode == 0 ? "Completed" : "Error";
      writeTerminated(pod, launch.container(), exitCode, reason, message, running.deadlineExceeded);
      // the pod's network stays until the pod is deleted, like a kubelet's sandbox
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.warn("lab pod {}: cannot report the container's exit: {}", running.key, e.getMessage());
    }
  }

  private void enforceDeadline(Pod pod, RunningPod running, LabProcess process, long seconds) {
    try {
      Instant started = Instant.parse(pod.getMetadata().getCreationTimestamp());
      long millis = Duration.between(Instant.now(), started.plusSeconds(seconds)).toMillis();
      if (process.waitFor(Math.max(millis, 0)) == null && !running.stopping) {
        running.deadlineExceeded = true;
        process.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stop(String uid, Pod deleting) {
    RunningPod running = pods.remove(uid);
    if (running != null && running != RunningPod.PENDING) {
      running.close();
      LOG.info("lab pod {} stopped; its namespace {} is deleted", running.key, running.network.netns());
    }
    if (deleting != null && (running != null || node.name().equals(deleting.getSpec().getNodeName()))) {
      try {
        client.pods().inNamespace(deleting.getMetadata().getNamespace()).withName(deleting.getMetadata().getName())
            .withGracePeriod(0).delete();
      } catch (KubernetesClientException e) {
        LOG.debug("lab pod {} already gone: {}", deleting.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void writeRunning(Pod pod, String address) {
    String now = now();
    List<ContainerStatus> statuses = new ArrayList<>();
    pod.getSpec().getContainers().forEach(c -> statuses.add(new ContainerStatusBuilder()
        .withName(c.getName()).withImage(c.getImage()).withImageID("").withReady(false).withRestartCount(0)
        .withStarted(true).withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build()));
    editStatus(pod, b -> b.editOrNewStatus()
        .withPhase("Running").withHostIP(node.address()).withPodIP(address)
        .withHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIPBuilder().withIp(node.address()).build()))
        .withPodIPs(List.of(new PodIPBuilder().withIp(address).build()))
        .withStartTime(now)
        .withConditions(condition("PodScheduled", "True", now), condition("Initialized", "True", now),
            condition("ContainersReady", "False", now), condition("Ready", "False", now))
        .withContainerStatuses(statuses)
        .endStatus());
  }

  private void writeTerminated(Pod pod, String container, int exitCode, String reason, String message,
      boolean deadline) {
    String now = now();
    editStatus(pod, b -> {
      var status = b.editOrNewStatus();
      List<ContainerStatus> statuses = new ArrayList<>();
      for (ContainerStatus s : b.buildStatus().getContainerStatuses()) {
        statuses.add(!s.getName().equals(container) ? s : new ContainerStatusBuilder(s).withStarted(false)
            .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
            .withMessage(message.isEmpty() ? null : message).withFinishedAt(now).endTerminated().endState().build());
      }
      status.withContainerStatuses(statuses);
      if (deadline) {
        status.withPhase("Failed").withReason("DeadlineExceeded")
            .withMessage("Pod was active on the node longer than the specified deadline");
      } else if (pod.getSpec().getContainers().size() == 1) {
        status.withPhase(exitCode == 0 ? "Succeeded" : "Failed");
      }
      return status.endStatus();
    });
  }

  private void writeFailed(Pod pod, String reason, String message) {
    try {
      editStatus(pod, b -> b.editOrNewStatus().withPhase("Failed").withReason(reason).withMessage(message).endStatus());
    } catch (RuntimeException e) {
      LOG.debug("cannot mark lab pod {} failed: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  private void editStatus(Pod pod, java.util.function.Function<PodBuilder, PodBuilder> edit) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .editStatus(p -> edit.apply(new PodBuilder(p)).build());
  }

  private static PodCondition condition(String type, String status, String now) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(now).build();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    lifecycle.shutdownNow();
    waiters.shutdownNow();
    try {
      lifecycle.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pods.values().forEach(RunningPod::close);
    pods.clear();
  }

  /** A pod this kubelet runs: its network and the processes in it. */
  private static final class RunningPod implements AutoCloseable {
    static final RunningPod PENDING = new RunningPod("pending", null, null);

    final String key;
    final PodNetwork network;
    final Path directory;
    final List<LabProcess> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean stopping;
    volatile boolean deadlineExceeded;

    RunningPod(String key, PodNetwork network, Path directory) {
      this.key = key;
      this.network = network;
      this.directory = directory;
    }

    @Override
    public void close() {
      if (network == null) {
        return;
      }
      stopping = true;
      processes.forEach(LabProcess::close);
      network.close();
    }
  }
}
