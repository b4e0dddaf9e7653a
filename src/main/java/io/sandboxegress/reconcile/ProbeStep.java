package io.sandboxegress.reconcile;

import io.sandboxegress.api.ProbeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a SandboxEgress's probing stands after one reconciliation.
 *
 * @param probes the results for {@code status.probes} (the last known ones while a run is going)
 * @param probedBundle the bundle fingerprint those results were observed under
 * @param probedSettings the probe settings' fingerprint those results were taken with
 * @param verification the {@code Verified} condition
 * @param changedVerdicts the targets whose verdict changed in this step
 * @param recheckIn when to look again (a running pod's deadline, or the next interval)
 */
record ProbeStep(List<ProbeStatus> probes, String probedBundle, String probedSettings, Verification verification,
    List<ProbeStatus> changedVerdicts, Optional<Duration> recheckIn) {}
