package dev.hopscope.demo.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One shop service as a child process of this JVM: started with a known command, waited on until
 * its readiness check passes, and stopped so that nothing is left behind.
 */
public final class ChildProcess implements AutoCloseable {
  /** How often readiness is re-checked; the wait is on the process exiting, not a sleep. */
  private static final long POLL_MILLIS = 50;

  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final @Nullable Path log;

  private ChildProcess(String name, Process process, @Nullable Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with {@code environment} added. Output goes to {@code
   * logDirectory/<name> .log} when a directory is given, else to this process's own stdout and
   * stderr.
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      @Nullable Path logDirectory)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    @Nullable Path log = null;
    if (logDirectory == null) {
      builder.inheritIO();
    } else {
      Files.createDirectories(logDirectory);
      log = logDirectory.resolve(name + ".log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    }
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    return new ChildProcess(name, builder.start(), log);
  }

  public String name() {
    return name;
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code ready} holds; fails fast if the process dies first or time runs out. */
  public void awaitReady(BooleanSupplier ready, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + " before it was ready" + logHint());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            name + " was not ready within " + timeout.toSeconds() + "s" + logHint());
      }
      // Returns at once if the process dies, otherwise after the poll interval.
      process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Waits for the process to end by itself; returns its exit code, or -1 on time-out. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  private String logHint() {
    return log == null ? "" : "; see " + log;
  }

  /**
   * Asks the process to stop (its shutdown hooks flush spans), then forces it if it hangs. If this
   * thread is interrupted meanwhile, the process is killed at once and the interrupt kept.
   */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : descendants) {
      child.destroyForcibly();
    }
  }
}
