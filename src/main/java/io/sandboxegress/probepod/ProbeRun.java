package io.sandboxegress.probepod;

import io.sandboxegress.probe.ProbeResult;
import java.time.Duration;
import java.util.List;

/** Where a probe pod is: still working, finished with results, or stuck (it will not finish). */
public sealed interface ProbeRun {

  record InProgress(Duration remaining) implements ProbeRun {}

  record Finished(List<ProbeResult> results) implements ProbeRun {}

  /** The pod will not produce results; {@code detail} says what it is doing instead. */
  record Stuck(String detail) implements ProbeRun {}
}
