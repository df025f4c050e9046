package dev.hopscope.server.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hopscope server in a JVM of its own ({@code java -jar hopscope.jar serve}), bound to 127.0.0.1
 * on free ports, so that it can be killed with SIGKILL or run out of heap without taking the test
 * with it. Its output goes to {@code server.log} next to the data directory.
 */
public final class ChildServer implements AutoCloseable {
  private static final Pattern UI = Pattern.compile("UI and APIs\\s+http://([^/\\s]+)/");
  private static final Pattern OTLP_HTTP = Pattern.compile("OTLP/HTTP\\s+http://([^/\\s]+)/");

  private final Process process;
  private final String api;
  private final String otlpHttp;
  private final Path log;

  private ChildServer(Process process, String api, String otlpHttp, Path log) {
    this.process = process;
    this.api = api;
    this.otlpHttp = otlpHttp;
    this.log = log;
  }

  /**
   * Starts a server and returns once {@code /health} answers 200.
   *
   * @param jvmOptions e.g. {@code -Xmx512m}
   * @param serveOptions extra {@code serve} flags, e.g. {@code --wal-sync none}
   * @param environment extra variables, e.g. {@code HOPSCOPE_LIMITS_MAX_INFLIGHT_BYTES}
   */
  public static ChildServer start(
      Path jar,
      Path dataDirectory,
      List<String> jvmOptions,
      List<String> serveOptions,
      Map<String, String> environment)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "server jar " + jar + " is missing; build it with ./mvnw package -DskipTests");
    }
    Files.createDirectories(dataDirectory);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "serve", "--bind", "127.0.0.1"));
    command.addAll(List.of("--data-dir", dataDirectory.toString()));
    for (String port : List.of("--otlp-grpc-port", "--otlp-http-port", "--zipkin-port")) {
      command.addAll(List.of(port, "0"));
    }
    command.addAll(List.of("--http-port", "0"));
    command.addAll(serveOptions);
    Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-server.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String> api = new CompletableFuture<>();
    CompletableFuture<String> otlp = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("child-server-output")
        .start(() -> copyOutput(process, log, api, otlp));
    try {
      ChildServer server =
          new ChildServer(
              process, api.get(90, TimeUnit.SECONDS), otlp.get(5, TimeUnit.SECONDS), log);
      server.awaitHealthy(Duration.ofSeconds(60));
      return server;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while the server started", e);
    } catch (ExecutionException | TimeoutException | IOException e) {
      process.destroyForcibly();
      throw new IOException("the server did not start; its output is in " + log, e);
    }
  }

  private static void copyOutput(
      Process process, Path log, CompletableFuture<String> api, CompletableFuture<String> otlp) {
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
        complete(UI, line, api);
        complete(OTLP_HTTP, line, otlp);
      }
      api.completeExceptionally(new IOException("the server exited before it printed its ports"));
      otlp.completeExceptionally(new IOException("the server exited before it printed its ports"));
    } catch (IOException e) {
      api.completeExceptionally(e);
      otlp.completeExceptionally(e);
    }
  }

  private static void complete(Pattern pattern, String line, CompletableFuture<String> target) {
    Matcher matcher = pattern.matcher(line);
    if (matcher.find()) {
      target.complete("http://" + matcher.group(1));
    }
  }

  private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    try (HttpClient client = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          if (health(client) == 200) {
            return;
          }
        } catch (IOException e) {
          last = e;
        }
        // Bounded poll of a condition: the store may be replaying its WAL.
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    throw new IOException("/health did not answer 200 within " + timeout, last);
  }

  /** The status {@code /health} answers now. */
  public int health(HttpClient client) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + "/health")).timeout(Duration.ofSeconds(5)).build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** {@code http://127.0.0.1:port} of the UI, APIs, {@code /health} and {@code /metrics}. */
  public String api() {
    return api;
  }

  /** {@code http://127.0.0.1:port} of OTLP/HTTP ({@code /v1/traces}). */
  public String otlpHttp() {
    return otlpHttp;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The server's output (standard output and error), as written so far. */
  public Path log() {
    return log;
  }

  /**
   * SIGTERM, without waiting: the server starts its graceful stop. Sent through the process handle:
   * {@code Process.destroy()} also closes our end of its output, and what it says while stopping
   * would be lost.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the process to end and returns its exit code. */
  public int exitCode(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "server process " + process.pid() + " still running after " + within + "; see " + log);
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM and wait: the server answers what is in flight and closes the store. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    awaitExit();
  }

  private void awaitExit() {
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (process.isAlive()) {
      throw new UncheckedIOException(
          new IOException("server process " + process.pid() + " did not exit"));
    }
  }
}
