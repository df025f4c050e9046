package dev.hopscope.demo.fault;

import java.time.Duration;

/**
 * What the proxy does to one hop: delay every byte sent towards the callee by {@code delay}, and
 * cut the connection instead of forwarding a request chunk with probability {@code errorRate}.
 */
public record Fault(Duration delay, double errorRate) {

  /** More than this is no longer a slow hop but a dead one; the demo keeps to the former. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(30);

  // After MAX_DELAY: static fields initialise in order, and the constructor reads it.
  public static final Fault NONE = new Fault(Duration.ZERO, 0);

  public Fault {
    if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "delay must be between 0ms and "
              + MAX_DELAY.toMillis()
              + "ms, got "
              + delay.toMillis()
              + "ms");
    }
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate must be between 0 and 1, got " + errorRate);
    }
  }

  String toJson() {
    return "{\"delayMs\":" + delay.toMillis() + ",\"errorRate\":" + errorRate + "}";
  }
}
