package dev.hopscope.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A child process whose output is copied to a log file and watched for lines that say what it
 * bound. The one way Hopscope's tools start a server as a process: the child binds port 0 (or the
 * port it is told) and prints where it listens; the parent reads that, so no "free port" is picked
 * and then raced for. Ends its wait at once when the child exits, naming the log.
 */
public final class LoggedProcess implements AutoCloseable {
  /** A longer line is cut for matching (the log still gets all of it): memory stays bounded. */
  private static final int MAX_LINE = 64 * 1024;

  private final String name;
  private final Process process;
  private final Path log;
  private final List<Watch> watches = new ArrayList<>();
  private @Nullable Thread killOnExit;
  private @Nullable OutputStream echo;

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

  /**
   * From now on this JVM's exit (Ctrl-C, {@code System.exit}) kills the child too, for a parent
   * whose user expects nothing left running; {@link #stop} and {@link #kill} undo it.
   */
  public synchronized LoggedProcess killOnExit() {
    if (killOnExit == null) {
      killOnExit = new Thread(process::destroyForcibly, name + "-kill-on-exit");
      Runtime.getRuntime().addShutdownHook(killOnExit);
    }
    return this;
  }

  private synchronized void keepOnExit() {
    Thread hook = killOnExit;
    killOnExit = null;
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway, and kills a child that is already stopping
      }
    }
  }

  /** The first output line matching {@code pattern}, once {@link #follow()} runs. */
  public synchronized CompletableFuture<Matcher> watch(Pattern pattern) {
    CompletableFuture<Matcher> match = new CompletableFuture<>();
    watches.add(new Watch(pattern, match));
    return match;
  }

  /**
   * Also copies the output, byte for byte, to {@code out} (e.g. {@code System.out}), for a child
   * whose user watches a terminal; call before {@link #follow()}. Bytes are passed on as they come,
   * so a carriage return that rewrites a status line in place still does.
   */
  public synchronized LoggedProcess echoTo(OutputStream out) {
    this.echo = out;
    return this;
  }

  /** Starts copying the output to the log on a daemon thread. */
  public LoggedProcess follow() {
    Thread.ofPlatform().daemon().name(name + "-output").start(this::copyOutput);
    return this;
  }

  private void copyOutput() {
    @Nullable OutputStream echoed;
    synchronized (this) {
      echoed = echo;
    }
    try (InputStream in = process.getInputStream();
        OutputStream out =
            Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      byte[] buffer = new byte[8192];
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
        if (echoed != null) {
          echoed.write(buffer, 0, n);
          echoed.flush();
        }
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            matchLine(text(line));
            line.reset();
          } else if (line.size() < MAX_LINE) {
            line.write(buffer[i]);
          }
        }
      }
      if (line.size() > 0) {
        matchLine(text(line));
      }
    } catch (IOException e) {
      // The process's pipe closed under us: the waits below fail with the log's path.
    }
    failWaits(new IOException(name + " exited before it printed what it waited for; see " + log));
  }

  /** A line as printed, without the carriage return of a {@code \r\n} ending. */
  private static String text(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
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

  /**
   * Polls {@code url} until it answers 200; fails naming the log when the process exits first or
   * {@code timeout} passes. Between polls it waits on the process's exit, so a crash ends the wait
   * at once and no sleep decides how long a start takes.
   */
  public void awaitHttpOk(URI url, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    @Nullable IOException last = null;
    try (HttpClient client = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline) {
        try {
          HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
          if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          last = notYet; // not listening yet, or the store is still replaying its WAL
        }
        if (exitedWithin(Duration.ofMillis(50))) {
          throw new IOException(
              name
                  + " exited with code "
                  + process.exitValue()
                  + " before "
                  + url
                  + " answered 200; see "
                  + log,
              last);
        }
      }
    }
    throw new IOException(
        name + ": " + url + " did not answer 200 within " + timeout + "; see " + log, last);
  }

  /** CPU-seconds (user + system) the process has used so far; empty off Linux or once gone. */
  public OptionalDouble cpuSeconds() {
    return ProcessUsage.cpuSeconds(process.pid());
  }

  /** The process's peak resident set size in bytes; empty off Linux or once gone. */
  public OptionalLong peakRssBytes() {
    return ProcessUsage.peakRssBytes(process.pid());
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

  /** The operating system's handle of the child, e.g. to check it is gone after {@link #stop}. */
  public ProcessHandle handle() {
    return process.toHandle();
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
    keepOnExit();
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
    keepOnExit();
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
