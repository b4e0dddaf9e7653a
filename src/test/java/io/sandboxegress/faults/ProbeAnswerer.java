package io.sandboxegress.faults;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sandboxegress.probe.ProbeResult;
import io.sandboxegress.probe.ProbeResults;
import io.sandboxegress.render.OwnedLabels;
import io.sandboxegress.testing.Kubelet;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubelet's part for probe pods on an API server without nodes: each new probe pod finishes at
 * once with every target Blocked (what the fleet's probes expect), so that probe pods come and go
 * during a fault as they do in a cluster. The data-plane lab's kubelet runs them for real.
 */
final class ProbeAnswerer implements AutoCloseable {

  private final SharedIndexInformer<Pod> informer;

  private ProbeAnswerer(SharedIndexInformer<Pod> informer) {
    this.informer = informer;
  }

  static ProbeAnswerer start(KubernetesClient client, String namespace) {
    SharedIndexInformer<Pod> informer = client.pods().inNamespace(namespace).withLabel(OwnedLabels.OWNER)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            answer(client, pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {}

          @Override
          public void onDelete(Pod pod, boolean unknownFinalState) {}
        });
    return new ProbeAnswerer(informer);
  }

  private static void answer(KubernetesClient client, Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null || (pod.getStatus() != null
        && pod.getStatus().getPhase() != null && !"Pending".equals(pod.getStatus().getPhase()))) {
      return;
    }
    List<String> args = pod.getSpec().getContainers().get(0).getArgs();
    List<ProbeResult> results = new ArrayList<>();
    for (int k = 0; k + 1 < args.size(); k++) {
      if ("--target".equals(args.get(k))) {
        results.add(new ProbeResult(args.get(k + 1), "Blocked", "ConnectTimeout", "no connection within 1 s", 1000));
      }
    }
    try {
      Kubelet.probeFinished(client, pod, ProbeResults.toJson(results));
    } catch (KubernetesClientException e) {
      // deleted meanwhile: nothing to answer
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
