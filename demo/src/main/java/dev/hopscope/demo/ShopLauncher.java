package dev.hopscope.demo;

import dev.hopscope.demo.cli.Terminal;
import dev.hopscope.demo.process.ChildProcess;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.process.Readiness;
import dev.hopscope.demo.telemetry.ServiceSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts the shop — database, auth (under the OTel Java agent), the fault proxies and the web app —
 * as child processes of this JVM on free loopback ports, and waits until each is ready. Build one
 * with {@link #builder()}; {@link #start()} returns a {@link RunningShop} to close when done.
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

  /** Starts every service and returns once all answer; on any failure stops what it started. */
  public RunningShop start() throws IOException, InterruptedException {
    requireFile(shopJar, "the shop jar");
    requireFile(agentJar, "the OpenTelemetry Java agent");
    int databasePort = Readiness.freePort();
    int authPort = Readiness.freePort();
    int authProxyPort = Readiness.freePort();
    int databaseProxyPort = Readiness.freePort();
    int adminPort = faultAdminPort == 0 ? Readiness.freePort() : faultAdminPort;
    int webappPort = Readiness.freePort();
    List<ChildProcess> started = new ArrayList<>();
    try {
      // All four start at once: none needs another until it serves a request, and the agent's
      // start-up dominates, so waiting in sequence would only add the others' times to it.
      ChildProcess database =
          spawn(
              started,
              "database",
              "dev.hopscope.demo.database.DatabaseServer",
              List.of(),
              "--port",
              databasePort);
      ChildProcess auth =
          spawn(
              started,
              "auth",
              "dev.hopscope.demo.auth.AuthService",
              List.of("-javaagent:" + agentJar),
              "--port",
              authPort,
              "--database-port",
              databasePort);
      ChildProcess faults =
          spawn(
              started,
              "faults",
              "dev.hopscope.demo.fault.FaultService",
              List.of(),
              "--admin-port",
              adminPort,
              "--auth-listen",
              authProxyPort,
              "--auth-upstream",
              authPort,
              "--database-listen",
              databaseProxyPort,
              "--database-upstream",
              databasePort,
              "--webapp-port",
              webappPort,
              "--webapp-pool-size",
              dbPoolSize);
      ChildProcess webapp =
          spawn(
              started,
              "webapp",
              "dev.hopscope.demo.webapp.WebApp",
              List.of(),
              "--port",
              webappPort,
              "--auth-url",
              "http://127.0.0.1:" + authProxyPort,
              "--database-port",
              databaseProxyPort,
              "--db-pool-size",
              dbPoolSize);
      database.awaitReady(Readiness.tcp(databasePort), READY_TIMEOUT);
      faults.awaitReady(Readiness.http(local(adminPort, "/health")), READY_TIMEOUT);
      webapp.awaitReady(Readiness.http(local(webappPort, "/health")), READY_TIMEOUT);
      auth.awaitReady(Readiness.http(local(authPort, "/health")), READY_TIMEOUT);
      return new RunningShop(this, started, local(webappPort, "/"), local(adminPort, "/"));
    } catch (IOException | InterruptedException | RuntimeException e) {
      RunningShop.stopAll(started);
      throw e;
    }
  }

  /** Starts the load generator against {@code webapp}; it ends by itself. */
  ChildProcess startLoad(URI webapp, LoadSettings load) throws IOException {
    List<String> args = new ArrayList<>(List.of("--target", webapp.toString()));
    args.addAll(Arrays.asList(load.toArgs()));
    if (logDirectory == null && Terminal.interactive()) {
      // The generator writes to this terminal but cannot see it: its standard input is a pipe.
      args.add("--terminal");
    }
    return ChildProcess.start(
        "load",
        command(List.of(), "dev.hopscope.demo.load.LoadGenerator", args),
        Map.of(),
        logDirectory);
  }

  private ChildProcess spawn(
      List<ChildProcess> started,
      String name,
      String mainClass,
      List<String> jvmArgs,
      Object... args)
      throws IOException {
    List<String> serviceArgs = new ArrayList<>();
    for (Object arg : args) {
      serviceArgs.add(arg.toString());
    }
    Map<String, String> environment = Map.of();
    if (name.equals("auth")) {
      environment = AgentEnvironment.of("auth", settings);
    } else if (name.equals("webapp")) {
      serviceArgs.addAll(Arrays.asList(settings.toArgs()));
    }
    ChildProcess child =
        ChildProcess.start(
            name, command(jvmArgs, mainClass, serviceArgs), environment, logDirectory);
    started.add(child);
    return child;
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

    /** Port of the fault admin API on 127.0.0.1; 0 (default) picks a free one. */
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

    /** Writes each service's output to {@code <dir>/<service>.log}; default: this console. */
    public Builder logDirectory(Path directory) {
      this.logDirectory = directory;
      return this;
    }

    public ShopLauncher build() {
      return new ShopLauncher(this);
    }
  }
}
