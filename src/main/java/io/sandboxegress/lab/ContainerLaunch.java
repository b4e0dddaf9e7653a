package io.sandboxegress.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the lab kubelet runs for a pod's main container, inside the pod's network namespace.
 *
 * @param argv the command (run through {@code ip netns exec}), or empty for a pod that only holds
 *     its network (it stays Running until deleted)
 * @param terminationMessage the file the container writes its termination message to, or null
 * @param helpers commands started first in the same namespace (e.g. istiod's bridge to the API server)
 */
record ContainerLaunch(String container, List<String> argv, Map<String, String> env, Path terminationMessage,
    List<List<String>> helpers) {

  ContainerLaunch(String container, List<String> argv, Map<String, String> env, Path terminationMessage) {
    this(container, argv, env, terminationMessage, List.of());
  }

  /** Runs an image: what the kubelet starts for a pod whose main container uses it. */
  interface Runner {
    ContainerLaunch launch(io.fabric8.kubernetes.api.model.Pod pod, PodNetwork network, Path podDir);
  }
}
