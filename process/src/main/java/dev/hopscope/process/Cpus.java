package dev.hopscope.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CPU pinning with {@code taskset} (util-linux), so that a measured child's CPU time is not shared
 * with its load generator. taskset execs the command, so the child keeps taskset's pid.
 */
public final class Cpus {
  private Cpus() {}

  /** {@code command} run on {@code cpus} (a taskset list such as {@code 0} or {@code 0-1}). */
  public static List<String> pinned(@Nullable String cpus, List<String> command) {
    if (cpus == null) {
      return List.copyOf(command);
    }
    List<String> pinned = new ArrayList<>(List.of("taskset", "-c", cpus));
    pinned.addAll(command);
    return List.copyOf(pinned);
  }

  /** Whether taskset can pin processes here. */
  public static boolean tasksetAvailable() {
    return succeeds(new ProcessBuilder("taskset", "-c", "0", "true"));
  }

  /**
   * Moves every thread of this JVM (a load generator) onto {@code cpus}, so that it does not share
   * the core a pinned server is measured on; false when taskset refused.
   */
  public static boolean pinThisProcess(String cpus) {
    return succeeds(
        new ProcessBuilder(
            "taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid())));
  }

  private static boolean succeeds(ProcessBuilder builder) {
    try {
      Process process = builder.redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
