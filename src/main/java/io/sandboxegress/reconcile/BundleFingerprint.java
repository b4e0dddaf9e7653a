package io.sandboxegress.reconcile;

import io.sandboxegress.render.Bundle;
import io.sandboxegress.render.BundleYaml;
import io.sandboxegress.render.ObjectNames;

/** Identifies a rendered bundle: the same objects give the same fingerprint. */
final class BundleFingerprint {

  private BundleFingerprint() {}

  static String of(Bundle bundle) {
    return ObjectNames.shortHash(BundleYaml.write(bundle));
  }
}
