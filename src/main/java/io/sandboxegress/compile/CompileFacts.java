package io.sandboxegress.compile;

import io.sandboxegress.facts.ClusterNetworks;
import io.sandboxegress.facts.IstioMesh;
import java.util.Set;

/**
 * What the cluster is, as far as turning a SandboxEgress into objects needs: the same record for
 * the running operator (from its watches and flags) and for {@code render} (from its flags).
 *
 * @param istioInstalled whether Istio's APIs are served
 * @param networks the cluster's own ranges, kept blocked unless a rule says {@code private: true}
 * @param mesh Istio's layout: egress gateway Service and ports, waypoint
 * @param protectedNamespaces namespaces where a SandboxEgress is refused
 */
public record CompileFacts(boolean istioInstalled, ClusterNetworks networks, IstioMesh mesh,
    Set<String> protectedNamespaces) {

  public CompileFacts {
    protectedNamespaces = Set.copyOf(protectedNamespaces);
  }
}
