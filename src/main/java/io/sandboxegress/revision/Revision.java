package io.sandboxegress.revision;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.sandboxegress.render.ObjectNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stored revision of a SandboxEgress's objects, as its {@code ControllerRevision} metadata
 * tells it (the objects themselves stay in the ControllerRevision, see {@link RevisionCodec}).
 *
 * @param number {@code revision}: one more than the highest kept when it was recorded
 * @param name the ControllerRevision's name
 * @param fingerprint the bundle fingerprint (what {@code status.probedBundle} is compared with)
 * @param generation the SandboxEgress's {@code metadata.generation} it was rendered from
 * @param createdAt when it was recorded
 * @param verdict what the probes said about it
 * @param verifiedReachable targets expected Reachable that passed when it was last verified
 */
public record Revision(long number, String name, String fingerprint, long generation, String createdAt,
    Verdict verdict, List<String> verifiedReachable) {

  public Revision {
    verifiedReachable = List.copyOf(verifiedReachable);
  }

  /** The deterministic name of revision {@code number} of the SandboxEgress {@code crName}. */
  public static String name(String crName, long number) {
    return ObjectNames.forOwner(crName, "r" + number);
  }

  public static Revision of(ControllerRevision stored) {
    Map<String, String> annotations = Objects.requireNonNullElse(stored.getMetadata().getAnnotations(), Map.of());
    String generation = annotations.get(RevisionCodec.GENERATION);
    return new Revision(stored.getRevision(), stored.getMetadata().getName(),
        annotations.getOrDefault(RevisionCodec.FINGERPRINT, ""),
        generation == null ? 0 : Long.parseLong(generation),
        stored.getMetadata().getCreationTimestamp(),
        Verdict.parse(annotations.get(RevisionCodec.VERDICT)),
        RevisionCodec.targets(annotations.get(RevisionCodec.VERIFIED_REACHABLE)));
  }
}
