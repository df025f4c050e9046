package dev.hopscope.bench.e2e;

import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A server under test in a JVM of its own (optionally pinned with taskset), so that its CPU time
 * and peak memory are its own and read from {@code /proc/<pid>}. Its output is copied to a log and
 * watched by {@link LoggedProcess}, the launcher the server's own tools use: the child binds port 0
 * and the bench reads the port it printed, so no "free" port is picked and raced for.
 */
final class ChildServer implements AutoCloseable {
  private static final long CLOCK_TICKS = clockTicks();

  private final LoggedProcess process;
  private final Thread stopOnExit;

  private ChildServer(LoggedProcess process) {
    this.process = process;
    // Ctrl-C of the benchmark must not leave a server running.
    this.stopOnExit = new Thread(process::kill, "bench-stop-" + process.name());
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts {@code [taskset -c cpus] java jvmArgs -jar jar args}, its output appended to {@code
   * log}. The caller watches the lines it waits for ({@link LoggedProcess#watch}, {@link
   * dev.hopscope.process.ServeAddresses#watch}) and then hands the process to {@link #follow}.
   */
  static LoggedProcess launch(
      String name,
      @Nullable String cpus,
      List<String> jvmArgs,
      Path jar,
      List<String> args,
      Map<String, String> env,
      Path log)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the "
              + name
              + " jar "
              + jar
              + " is missing; build it with ./mvnw package -DskipTests"
              + " or point at it with --"
              + (name.equals("zipkin") ? "zipkin" : "server")
              + "-jar PATH");
    }
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return LoggedProcess.start(name, command, env, log);
  }

  /** Starts copying a {@link #launch}ed process's output; from now on it is stopped on exit. */
  static ChildServer follow(LoggedProcess process) {
    return new ChildServer(process.follow());
  }

  /**
   * Moves every thread of this JVM (the load generator) onto {@code cpus}, so that it does not
   * share the core a pinned server is measured on; false when taskset refused.
   */
  static boolean pinThisProcess(String cpus) {
    try {
      Process pin =
          new ProcessBuilder(
                  "taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
              .redirectErrorStream(true)
              .start();
      pin.getInputStream().readAllBytes();
      return pin.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether taskset can pin processes here. */
  static boolean tasksetAvailable() {
    try {
      Process probe =
          new ProcessBuilder("taskset", "-c", "0", "true").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Polls {@code url} until it answers 200, the process exits, or {@code timeout} passes. Between
   * polls it waits on the process's exit, so a crash ends the wait at once.
   */
  void awaitReady(URI url, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient client = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<Void> response =
              client.send(
                  HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (exitedWithin(Duration.ofMillis(200))) {
          throw new IllegalStateException(
              process.name()
                  + " exited with code "
                  + process.exitCode(Duration.ZERO)
                  + " while starting; see "
                  + process.log());
        }
      }
    }
    throw new IllegalStateException(
        process.name()
            + " did not answer "
            + url
            + " within "
            + timeout.toSeconds()
            + " s; see "
            + process.log());
  }

  /** Waits up to {@code wait} for the process to exit; true when it has. */
  boolean exitedWithin(Duration wait) throws InterruptedException {
    return process.exitedWithin(wait);
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return process.log();
  }

  /** utime + stime of the process so far, from /proc/<pid>/stat; empty off Linux. */
  OptionalDouble cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return OptionalDouble.of((double) ticks / CLOCK_TICKS);
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /** Peak resident set size (VmHWM) in bytes; empty off Linux or after exit. */
  OptionalLong peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or not Linux
    }
    return OptionalLong.empty();
  }

  /** SIGTERM (the server's shutdown hook closes its store), then SIGKILL after 30 s. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    process.stop(Duration.ofSeconds(30));
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      if (getconf.waitFor() == 0 && !out.isEmpty()) {
        return Long.parseLong(out);
      }
    } catch (IOException | RuntimeException e) {
      // Linux's USER_HZ is 100 everywhere we run
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
