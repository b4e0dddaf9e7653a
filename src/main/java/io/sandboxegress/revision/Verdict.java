package io.sandboxegress.revision;

/** What the probes said about a revision, the last time they spoke for it. */
public enum Verdict {
  /** Not probed yet (or never finished). */
  Unverified("unverified"),
  /** Every probe as expected: a revision the operator may roll back to. */
  Verified("verified good"),
  /** Probes failed while it was live. */
  Failed("failed"),
  /** Probes failed with a regression and the operator rolled it back. */
  RolledBack("failed, rolled back");

  private final String words;

  Verdict(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }

  static Verdict parse(String value) {
    if (value == null) {
      return Unverified;
    }
    for (Verdict verdict : values()) {
      if (verdict.name().equals(value)) {
        return verdict;
      }
    }
    return Unverified;
  }
}
