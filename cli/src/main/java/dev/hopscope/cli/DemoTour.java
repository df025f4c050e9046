package dev.hopscope.cli;

import java.time.Duration;
import java.util.List;

/**
 * The tour {@code hopscope demo} prints: what to open, what to run and what the user will see.
 * Every claim in it is a tested fact: {@code DemoShopIT} walks these steps against the real shop
 * through the APIs the UI calls, reading the fault and the edge from here.
 *
 * <p>It points at the edge, not at the slowest traces overall. On a machine shared with other work
 * a warm shop still has requests slower than 100 ms (measured: 116 and 157 ms in its first minute
 * under a load average of 14), so "the slowest trace" may not be one that crossed the fault; the
 * largest gaps on webapp → auth are.
 */
final class DemoTour {
  static final String CALLER = "webapp";
  static final String CALLEE = "auth";
  static final Duration DELAY = Duration.ofMillis(100);

  /** What follows {@code ./hopscope demo fault} in step 2. */
  static final List<String> FAULT_FLAGS =
      List.of("--hop", CALLER + "-" + CALLEE, "--delay", DELAY.toMillis() + "ms");

  private DemoTour() {}

  /** The command of step 2 for a shop on its usual fault admin port. */
  static final String FAULT_COMMAND = "./hopscope demo fault";

  /** The tour's lines, for a UI at {@code ui} (ending in a slash). */
  static List<String> lines(String ui) {
    return lines(ui, FAULT_COMMAND);
  }

  /**
   * The tour's lines with step 2's command spelled {@code faultCommand}: with {@code --any-ports}
   * the shop's fault admin address is one only the shop knows (it prints it), so the tour says
   * where to find it.
   */
  static List<String> lines(String ui, String faultCommand) {
    String edge = CALLER + " → " + CALLEE;
    String delay = DELAY.toMillis() + " ms";
    return List.of(
        "A tour:",
        "  1. open " + ui + "map — the service map: calls per second and gap p99 on each edge",
        "  2. now run: " + faultCommand + " " + String.join(" ", FAULT_FLAGS),
        "  3. reload the map: within a minute the gap p99 of " + edge + " reads about " + delay,
        "  4. click that edge — its traces, the largest gap first; open the top one: its first",
        "     finding is the "
            + delay
            + " lost between "
            + CALLER
            + " and "
            + CALLEE
            + " on the way out");
  }
}
