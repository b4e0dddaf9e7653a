package io.sandboxegress.facts;

/**
 * What the cluster is, for one SandboxEgress: everything a renderer needs to know that is not in
 * the spec.
 *
 * @param istioInstalled whether Istio's networking and security APIs are served
 * @param dataPlane the data plane that carries this SandboxEgress
 * @param networks the cluster's own ranges and control-plane pods
 */
public record ClusterFacts(boolean istioInstalled, DataPlane dataPlane, ClusterNetworks networks) {}
