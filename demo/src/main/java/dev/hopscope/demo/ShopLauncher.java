package dev.hopscope.demo;

import dev.hopscope.demo.cli.Terminal;
import dev.hopscope.demo.fault.FaultClient;
import dev.hopscope.demo.fault.Hop;
import dev.hopscope.demo.process.Listening;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.telemetry.ServiceSettings;
import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Starts the shop — database, auth (under the OTel Java agent), the fault proxies and the web app —
 * as child processes of this JVM on loopback ports they bind themselves, and waits until each
 * listens. Build one with {@link #builder()}; {@link #start()} returns a {@link RunningShop} to
 * close when done.
 *
 * <p>Children run {@code java -cp hopscope-demo.jar <MainClass>} with this JVM's own {@code java}.
 * Main classes are named as strings on purpose: the launcher runs inside the Hopscope server, and
 * naming them as class literals would load the services (and the OTel SDK) there.
 */
public final class ShopLauncher {
  /** The runnable shop jar, relative to the repository root. */
  public static final Path SHOP_JAR = Path.of("demo", "target", "hopscope-demo.jar");

  /** The OpenTelemetry Java agent the build copies from Maven Central, relative to the root. */
  public static final Path AGENT_JAR =
      Path.of("demo", "target", "agent", "opentelemetry-javaagent.jar");

  /** The agent needs a few seconds to instrument a JVM; two shared cores make it slower. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final ServiceSettings settings;
  private final Path shopJar;
  private final Path agentJar;
  private final int faultAdminPort;
  private final int dbPoolSize;
  private final @Nullable Path logDirectory;

  private ShopLauncher(Builder builder) {
    this.settings = builder.settings;
    this.shopJar = builder.shopJar.toAbsolutePath();
    this.agentJar = builder.agentJar.toAbsolutePath();
    this.faultAdminPort = builder.faultAdminPort;
    this.dbPoolSize = builder.dbPoolSize;
    this.logDirectory = builder.logDirectory;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts every service and returns once all listen; on any failure stops what it started.
   *
   * <p>Each service binds port 0 (the fault admin API the port asked for, if any) and prints the
   * ports it got in a {@link Listening} line, printed once it accepts connections; the next service
   * is started with those ports. So they start one after another, callees first: database, auth
   * (which needs the database), the fault proxies (in front of both), webapp (pointed at the
   * proxies). Picking "free" ports here instead and starting all four at once was a race: another
   * process could take a port between our check and the child's bind.
   */
  public RunningShop start() throws IOException, InterruptedException {
    requireFile(shopJar, "the shop jar");
    requireFile(agentJar, "the OpenTelemetry Java agent");
    Path logs =
        logDirectory != null ? logDirectory : Files.createTempDirectory("hopscope-shop-logs-");
    List<LoggedProcess> started = new ArrayList<>();
    try {
      Service database =
          startService(started, logs, "database", "dev.hopscope.demo.database.DatabaseServer");
      int databasePort = database.port("tcp");
      Service auth =
          startService(
              started,
              logs,
              "auth",
              "dev.hopscope.demo.auth.AuthService",
              "--database-port",
              databasePort);
      int authPort = auth.port("http");
      Service faults =
          startService(
              started,
              logs,
              "faults",
              "dev.hopscope.demo.fault.FaultService",
              "--admin-port",
              faultAdminPort,
              "--auth-upstream",
              authPort,
              "--database-upstream",
              databasePort,
              "--webapp-pool-size",
              dbPoolSize);
      URI faultAdmin = local(faults.port("admin"), "/");
      Service webapp =
          startService(
              started,
              logs,
              "webapp",
              "dev.hopscope.demo.webapp.WebApp",
              "--auth-url",
              "http://127.0.0.1:" + faults.port(Hop.WEBAPP_AUTH.id()),
              "--database-port",
              faults.port(Hop.WEBAPP_DATABASE.id()),
              "--db-pool-size",
              dbPoolSize);
      int webappPort = webapp.port("http");
      FaultClient.create(faultAdmin).setWebappPort(webappPort);
      return new RunningShop(this, started, local(webappPort, "/"), faultAdmin, logs);
    } catch (IOException | InterruptedException | RuntimeException e) {
      RunningShop.stopAll(started);
      throw e;
    }
  }

  /** A started service and the ports its {@link Listening} line gave. */
  private record Service(LoggedProcess process, Map<String, Integer> ports) {
    int port(String name) {
      Integer port = ports.get(name);
      if (port == null) {
        throw new IllegalStateException(
            process.name()
                + " printed no "
                + name
                + " port in its listening line "
                + ports
                + "; see "
                + process.log());
      }
      return port;
    }
  }

  /**
   * Starts a service and waits, bounded, for its {@link Listening} line; its exit ends the wait.
   */
  private Service startService(
      List<LoggedProcess> started, Path logs, String name, String mainClass, Object... args)
      throws IOException {
    List<String> serviceArgs = new ArrayList<>();
    for (Object arg : args) {
      serviceArgs.add(arg.toString());
    }
    List<String> jvmArgs = List.of();
    Map<String, String> environment = Map.of();
    if (name.equals("auth")) {
      jvmArgs = List.of("-javaagent:" + agentJar);
      environment = AgentEnvironment.of("auth", settings);
    } else if (name.equals("webapp")) {
      serviceArgs.addAll(Arrays.asList(settings.toArgs()));
    }
    LoggedProcess child = launch(name, command(jvmArgs, mainClass, serviceArgs), environment, logs);
    started.add(child);
    CompletableFuture<Matcher> listening = child.watch(Listening.pattern(name));
    follow(child);
    return new Service(child, Listening.ports(child.await(listening, READY_TIMEOUT)));
  }

  /** Starts the load generator against {@code webapp}; it ends by itself. */
  LoggedProcess startLoad(URI webapp, LoadSettings load, Path logs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--target", webapp.toString()));
    args.addAll(Arrays.asList(load.toArgs()));
    if (logDirectory == null && Terminal.interactive()) {
      // The generator writes to this terminal but cannot see it: its output is a pipe to us.
      args.add("--terminal");
    }
    LoggedProcess generator =
        launch(
            "load",
            command(List.of(), "dev.hopscope.demo.load.LoadGenerator", args),
            Map.of(),
            logs);
    return follow(generator);
  }

  /** A child whose output goes to {@code <logs>/<name>.log}, written afresh for this shop. */
  private static LoggedProcess launch(
      String name, List<String> command, Map<String, String> environment, Path logs)
      throws IOException {
    Path log = logs.resolve(name + ".log");
    Files.deleteIfExists(log);
    return LoggedProcess.start(name, command, environment, log);
  }

  /** Without a log directory the user watches this console: the output goes there too. */
  private LoggedProcess follow(LoggedProcess child) {
    if (logDirectory == null) {
      child.echoTo(System.out);
    }
    return child.follow();
  }

  private List<String> command(List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(shopJar.toString());
    command.add(mainClass);
    command.addAll(args);
    command.add(ParentWatch.FLAG);
    return command;
  }

  /** The {@code java} running this process, so children use the same JDK. */
  static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static URI local(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static void requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          what + " is missing at " + file + ": build it with ./mvnw -pl demo package");
    }
  }

  /** Options of a {@link ShopLauncher}; every one has a default. */
  public static final class Builder {
    private ServiceSettings settings = ServiceSettings.defaults();
    private Path shopJar = SHOP_JAR;
    private Path agentJar = AGENT_JAR;
    private int faultAdminPort;
    private int dbPoolSize = 4;
    private @Nullable Path logDirectory;

    private Builder() {}

    /** Base OTLP/HTTP address of the trace backend; default {@code http://127.0.0.1:4318}. */
    public Builder otlpEndpoint(URI endpoint) {
      settings =
          new ServiceSettings(
              endpoint,
              settings.stdout(),
              settings.version(),
              settings.environment(),
              settings.region());
      return this;
    }

    /** Print spans with the logging exporter instead of sending them. */
    public Builder stdout(boolean stdout) {
      settings =
          new ServiceSettings(
              settings.otlpEndpoint(),
              stdout,
              settings.version(),
              settings.environment(),
              settings.region());
      return this;
    }

    /** Resource attributes shared by the services. */
    public Builder resource(String version, String environment, String region) {
      settings =
          new ServiceSettings(
              settings.otlpEndpoint(), settings.stdout(), version, environment, region);
      return this;
    }

    /** Finds both jars under {@code root} (the repository root); default: the working directory. */
    public Builder repoRoot(Path root) {
      this.shopJar = root.resolve(SHOP_JAR);
      this.agentJar = root.resolve(AGENT_JAR);
      return this;
    }

    public Builder shopJar(Path jar) {
      this.shopJar = jar;
      return this;
    }

    public Builder agentJar(Path jar) {
      this.agentJar = jar;
      return this;
    }

    /** Port of the fault admin API on 127.0.0.1; 0 (default): the service binds any free one. */
    public Builder faultAdminPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("faultAdminPort must be 0..65535, got " + port);
      }
      this.faultAdminPort = port;
      return this;
    }

    /** The web app's database pool size; 1 makes requests queue for a connection under load. */
    public Builder dbPoolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("dbPoolSize must be at least 1, got " + size);
      }
      this.dbPoolSize = size;
      return this;
    }

    /**
     * Writes each service's output to {@code <dir>/<service>.log}; default: this console (and a
     * fresh temporary directory, so a failure can still name a log).
     */
    public Builder logDirectory(Path directory) {
      this.logDirectory = directory;
      return this;
    }

    public ShopLauncher build() {
      return new ShopLauncher(this);
    }
  }
}
