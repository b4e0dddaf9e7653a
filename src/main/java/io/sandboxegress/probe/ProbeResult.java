package io.sandboxegress.probe;

/**
 * What the prober observed for one target, as it travels from the probe pod (JSON in its
 * termination message) to {@code status.probes}.
 *
 * @param target the URL probed, as given in the spec
 * @param outcome {@code Reachable}, {@code Blocked} or {@code Error}
 * @param reason one of {@link ProbeReason}'s names
 * @param detail what a person needs: status line, server header, resolved address, elapsed time
 * @param latencyMillis time from the first step to the verdict
 */
public record ProbeResult(String target, String outcome, String reason, String detail, long latencyMillis) {}
