package dev.hopscope.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process whose output is copied to a log file and watched for lines that say what it
 * bound. The one way Hopscope's tools start a server as a process: the child binds port 0 (or the
 * port it is told) and prints where it listens; the parent reads that, so no "free port" is picked
 * and then raced for. Ends its wait at once when the child exits, naming the log.
 */
public final class LoggedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final List<Watch> watches = new ArrayList<>();

  private record Watch(Pattern pattern, CompletableFuture<Matcher> match) {}

  private LoggedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with {@code environment} added, its stdout and stderr appended to {@code
   * log}. Call {@link #watch} for every line to wait for before {@link #follow()}.
   */
  public static LoggedProcess start(
      String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    // Nothing is written to the child's stdin: closed, so a child reading it sees its end.
    process.getOutputStream().close();
    return new LoggedProcess(name, process, log);
  }

  /**
   * As {@link #start}, in a session of its own ({@code setsid}, where the system has it): a
   * terminal's Ctrl-C then reaches only the parent, which stops its children in the order it
   * chooses, instead of every child at once. The child keeps its pid (setsid forks only when
   * started as a process-group leader, which a child of this JVM never is), so signals, pid files
   * and the watchdog still find it. The caller must stop it: nothing else will.
   */
  public static LoggedProcess startInOwnSession(
      String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    List<String> detached = new ArrayList<>(command.size() + 1);
    if (Files.isExecutable(SETSID)) {
      detached.add(SETSID.toString());
    }
    detached.addAll(command);
    return start(name, detached, environment, log);
  }

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /** The first output line matching {@code pattern}, once {@link #follow()} runs. */
  public synchronized CompletableFuture<Matcher> watch(Pattern pattern) {
    CompletableFuture<Matcher> match = new CompletableFuture<>();
    watches.add(new Watch(pattern, match));
    return match;
  }

  /** Starts copying the output to the log on a daemon thread. */
  public LoggedProcess follow() {
    Thread.ofPlatform().daemon().name(name + "-output").start(this::copyOutput);
    return this;
  }

  private void copyOutput() {
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        matchLine(line);
      }
    } catch (IOException e) {
      // The process's pipe closed under us: the waits below fail with the log's path.
    }
    failWaits(new IOException(name + " exited before it printed what it waited for; see " + log));
  }

  private synchronized void matchLine(String line) {
    for (Watch watch : watches) {
      if (!watch.match.isDone()) {
        Matcher matcher = watch.pattern.matcher(line);
        if (matcher.find()) {
          watch.match.complete(matcher);
        }
      }
    }
  }

  private synchronized void failWaits(IOException cause) {
    for (Watch watch : watches) {
      watch.match.completeExceptionally(cause);
    }
  }

  /** Waits for a watched line; fails with the log's path if the child exits or time runs out. */
  public Matcher await(CompletableFuture<Matcher> match, Duration timeout) throws IOException {
    try {
      return match.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + name + " started", e);
    } catch (ExecutionException e) {
      throw new IOException(name + " did not start; its output is in " + log, e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(
          name + " did not start within " + timeout.toSeconds() + " s; its output is in " + log);
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code wait} for the process to exit; true once it has. */
  public boolean exitedWithin(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGKILL, and waits until it is gone: what a crash looks like to everyone else. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM without waiting. Sent through the process handle: {@code Process.destroy()} also closes
   * our end of the child's output, and what it says while stopping would be lost.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the process to end and returns its exit code. */
  public int exitCode(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          name + " (pid " + process.pid() + ") still running after " + within + "; see " + log);
    }
    return process.exitValue();
  }

  /** SIGTERM (the child stops gracefully, its last words logged), SIGKILL after {@code grace}. */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    terminate();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    awaitExit(Duration.ofSeconds(30));
  }

  private void awaitExit(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
