package io.sandboxegress.reconcile;

import io.sandboxegress.render.Bundle;

/**
 * What a reconciliation applies and probes, decided before it applies anything.
 *
 * @param bundle the objects to apply: the spec's, or the live revision's while a rollback holds
 * @param fingerprint their fingerprint, which the probes verify
 * @param revision the live revision's number ({@code status.revision}); null before the first
 * @param revisionBundle the live revision's fingerprint ({@code status.revisionBundle})
 * @param held whether a rollback holds the spec back (its generation is the rolled-back one)
 * @param pendingChanges in DryRun, what applying would change against the live revision
 */
record LiveRevision(Bundle bundle, String fingerprint, Long revision, String revisionBundle, boolean held,
    String pendingChanges) {

  boolean dryRun() {
    return pendingChanges != null;
  }
}
