package dev.hopscope.demo.auth;

import java.util.SplittableRandom;

/**
 * The "auth errors at a rate" fault: with the set probability, token validation fails inside auth,
 * so the error is recorded on auth's own spans (unlike a cut on the wire, which only the caller
 * sees). Seeded, so a run repeats.
 */
final class AuthFaults {
  private final SplittableRandom random;
  private double errorRate;

  AuthFaults(long seed) {
    this.random = new SplittableRandom(seed);
  }

  synchronized void setErrorRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("errorRate must be between 0 and 1, got " + rate);
    }
    errorRate = rate;
  }

  /** Throws {@link InjectedFault} with the configured probability. */
  synchronized void maybeFail() {
    if (errorRate > 0 && random.nextDouble() < errorRate) {
      throw new InjectedFault();
    }
  }

  /** The failure auth answers with 500; its message says it was injected, not a real bug. */
  static final class InjectedFault extends RuntimeException {
    private static final String MESSAGE =
        "injected fault: token store failed (set by the demo's fault API)";

    InjectedFault() {
      super(MESSAGE);
    }

    /** Never null: the message is fixed, and auth answers with it. */
    @Override
    public String getMessage() {
      return MESSAGE;
    }
  }
}
