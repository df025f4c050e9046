package dev.hopscope.process;

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
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Hopscope server in a JVM of its own ({@code java -jar hopscope.jar serve}, the jar the cli
 * module builds), bound to 127.0.0.1, so that it can be killed with SIGKILL or run out of heap
 * without taking its parent with it. Its ports are the ones it printed after binding (port 0 unless
 * told otherwise), read from its output ({@link ServeAddresses}); the output goes to {@code <data
 * dir>-server.log} unless a log is given. The one launcher of a Hopscope server: the reliability
 * trials, the local cluster and the bench (which pins it to CPUs and reads its CPU time and peak
 * memory from {@link #process()}).
 */
public final class ChildServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final LoggedProcess process;
  private final ServeAddresses addresses;

  /**
   * What to start.
   *
   * @param name names the output thread and the errors
   * @param jvmOptions e.g. {@code -Xmx512m}
   * @param serveOptions {@code serve} flags after the defaults ({@code --bind 127.0.0.1}, every
   *     port 0, {@code --data-dir}); a later flag wins, so {@code --http-port 16686} fixes one
   * @param environment extra variables, e.g. {@code HOPSCOPE_OBJECT_STORAGE_ENDPOINT}
   * @param receivesSpans whether it prints receiver addresses (role all or distributor)
   * @param cpus a taskset CPU list to pin the server to ({@link Cpus}), or null for any CPU
   */
  public record Launch(
      String name,
      Path jar,
      Path dataDirectory,
      Path log,
      List<String> jvmOptions,
      List<String> serveOptions,
      Map<String, String> environment,
      boolean receivesSpans,
      @Nullable String cpus) {
    public Launch {
      jvmOptions = List.copyOf(jvmOptions);
      serveOptions = List.copyOf(serveOptions);
      environment = Map.copyOf(environment);
    }

    /** A server on any CPU. */
    public Launch(
        String name,
        Path jar,
        Path dataDirectory,
        Path log,
        List<String> jvmOptions,
        List<String> serveOptions,
        Map<String, String> environment,
        boolean receivesSpans) {
      this(
          name,
          jar,
          dataDirectory,
          log,
          jvmOptions,
          serveOptions,
          environment,
          receivesSpans,
          null);
    }
  }

  private ChildServer(LoggedProcess process, ServeAddresses addresses) {
    this.process = process;
    this.addresses = addresses;
  }

  /**
   * Starts a single-process server ({@code --role all}) and returns once {@code /health} answers.
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
    Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-server.log");
    return start(
        new Launch("server", jar, dataDirectory, log, jvmOptions, serveOptions, environment, true));
  }

  /** Starts a server as {@code launch} says and returns once {@code /health} answers 200. */
  public static ChildServer start(Launch launch) throws IOException {
    return start(launch, false);
  }

  /**
   * As {@link #start(Launch)}; with {@code ownSession} in a session of its own ({@link
   * LoggedProcess#startInOwnSession}), for children the caller always stops itself.
   */
  public static ChildServer start(Launch launch, boolean ownSession) throws IOException {
    if (!Files.isRegularFile(launch.jar())) {
      throw new IllegalArgumentException(
          "server jar " + launch.jar() + " is missing; build it with ./mvnw package -DskipTests");
    }
    Files.createDirectories(launch.dataDirectory());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(launch.jvmOptions());
    command.addAll(List.of("-jar", launch.jar().toString(), "serve", "--bind", "127.0.0.1"));
    command.addAll(List.of("--data-dir", launch.dataDirectory().toString()));
    for (String port :
        List.of("--otlp-grpc-port", "--otlp-http-port", "--zipkin-port", "--http-port")) {
      if (!launch.serveOptions().contains(port)) { // picocli takes each option once
        command.addAll(List.of(port, "0"));
      }
    }
    command.addAll(launch.serveOptions());
    List<String> pinned = Cpus.pinned(launch.cpus(), command);
    LoggedProcess process =
        ownSession
            ? LoggedProcess.startInOwnSession(
                launch.name(), pinned, launch.environment(), launch.log())
            : LoggedProcess.start(launch.name(), pinned, launch.environment(), launch.log());
    ServeAddresses.Pending addresses = ServeAddresses.watch(process);
    process.follow();
    try {
      ChildServer server =
          new ChildServer(process, addresses.await(launch.receivesSpans(), STARTUP));
      // The store may replay its WAL before it is healthy.
      process.awaitHttpOk(URI.create(server.api() + "/health"), Duration.ofSeconds(60));
      return server;
    } catch (IOException | RuntimeException e) {
      process.kill();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.kill();
      throw new IOException("interrupted while " + launch.name() + " started", e);
    }
  }

  /** The status {@code /health} answers now. */
  public int health(HttpClient client) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(addresses.api() + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** {@code scheme://127.0.0.1:port} of the UI, APIs, {@code /health} and {@code /metrics}. */
  public String api() {
    return addresses.api();
  }

  /** {@code http://127.0.0.1:port} of the Zipkin API ({@code /api/v2/trace/{id}}), if it reads. */
  public Optional<String> zipkinApi() {
    return addresses.zipkinApi();
  }

  /** The receivers, for a server that takes spans. */
  public Optional<ServeAddresses.Receivers> receivers() {
    return addresses.receivers();
  }

  /** {@code http://127.0.0.1:port} of OTLP/HTTP ({@code /v1/traces}). */
  public String otlpHttp() {
    return addresses
        .receivers()
        .orElseThrow(() -> new IllegalStateException(process.name() + " takes no spans"))
        .otlpHttp();
  }

  /** The process: its CPU time and peak memory, its exit, its log. */
  public LoggedProcess process() {
    return process;
  }

  /** The server's output (standard output and error), as written so far. */
  public Path log() {
    return process.log();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM, without waiting: the server starts its graceful stop. */
  public void terminate() {
    process.terminate();
  }

  /** Waits for the process to end and returns its exit code. */
  public int exitCode(Duration within) throws InterruptedException {
    return process.exitCode(within);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() {
    process.kill();
  }

  /** SIGTERM and wait: the server answers what is in flight and closes the store. */
  @Override
  public void close() {
    process.stop(Duration.ofSeconds(60));
    if (process.isAlive()) {
      throw new IllegalStateException("server process " + process.pid() + " did not exit");
    }
  }

  /** Waits up to {@code timeout} for the process to end by itself. */
  public boolean exitedWithin(Duration timeout) throws InterruptedException {
    return process.exitedWithin(timeout);
  }
}
