package io.sandboxegress.lab;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;

/** Starts an Istio sidecar in a pod's network namespace when the pod belongs to the sidecar mesh. */
interface SidecarInjector {

  SidecarInjector NONE = new SidecarInjector() {
    @Override
    public boolean wanted(Pod pod, Namespace namespace) {
      return false;
    }

    @Override
    public List<LabProcess> inject(Pod pod, PodNetwork network, Path podDir) {
      return List.of();
    }
  };

  boolean wanted(Pod pod, Namespace namespace);

  /** Starts the proxy and returns once it is ready (the pod holds its application until then). */
  List<LabProcess> inject(Pod pod, PodNetwork network, Path podDir) throws InterruptedException;
}
