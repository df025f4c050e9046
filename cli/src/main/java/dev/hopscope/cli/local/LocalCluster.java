package dev.hopscope.cli.local;

import dev.hopscope.process.ChildServer;
import dev.hopscope.process.ServeAddresses;
import dev.hopscope.server.config.ClusterConfig.Role;
import dev.hopscope.server.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A whole cluster on this machine, every part a process: one Kafka broker, s3proxy, and the
 * Hopscope roles ({@code java -jar hopscope.jar serve --role ...}). What {@code hopscope cluster}
 * runs and what the process ITs kill and restart. Members are named {@code <role>-<n>} from 1.
 *
 * <p>Children die with the parent: {@link #close()} stops them (Ctrl-C runs it from a shutdown
 * hook), and a watchdog process ({@code tail --pid}) kills every pid listed in {@code
 * <directory>/pids} when this JVM ends without closing, e.g. by SIGKILL.
 */
public final class LocalCluster implements AutoCloseable {

  public static final String BUCKET = "hopscope";

  private final Spec spec;
  private final Path directory;
  private final Map<String, ChildServer.Launch> launches = new LinkedHashMap<>();
  private final Map<String, ChildServer> members = new LinkedHashMap<>();
  private final Watchdog watchdog;
  // Null until startAll() starts them (close() stops whichever did). start() hands a cluster out
  // only after startAll() returned, so every public method but close() reads them through
  // kafka() and s3().
  private @Nullable KafkaProcess kafka;
  private @Nullable S3Proxy s3;

  /**
   * The fixed ports (0: any): the first distributor's receivers and the querier's UI and APIs.
   * Every other listener binds any free port and is read back from the child's output.
   */
  public record Ports(int otlpGrpc, int otlpHttp, int zipkin, int query) {
    /** 4317, 4318, 9411 and 16686, as a single {@code hopscope serve}. */
    public static Ports usual() {
      return new Ports(4317, 4318, 9411, 16686);
    }

    public static Ports any() {
      return new Ports(0, 0, 0, 0);
    }
  }

  /**
   * What to run.
   *
   * @param jar the runnable {@code hopscope.jar}; Kafka's jars and s3proxy's are in {@code
   *     cluster/} beside it
   * @param directory every member's files, one sub-directory each, and their logs
   * @param builderCycle the block-builders' {@code blockBuilder.cycle}
   * @param jvmOptions for every Hopscope role (Kafka and s3proxy get their own small heaps)
   */
  public record Spec(
      Path jar,
      Path directory,
      int distributors,
      int blockBuilders,
      int liveStores,
      int partitions,
      Duration builderCycle,
      Ports ports,
      List<String> jvmOptions) {
    /** A role's heap is small: nine JVMs share the machine. Serial GC: no GC thread per core. */
    public static final List<String> ROLE_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");

    public Spec {
      jvmOptions = List.copyOf(jvmOptions);
      if (distributors < 1 || blockBuilders < 1 || liveStores < 0 || partitions < 1) {
        throw new IllegalArgumentException(
            "a local cluster needs at least one distributor, one block-builder and one partition");
      }
    }

    /** The local cluster of {@code hopscope cluster}: 2 of each scalable role, 4 partitions. */
    public static Spec standard(Path jar, Path directory) {
      return new Spec(
          jar, directory, 2, 2, 2, 4, Duration.ofSeconds(10), Ports.usual(), ROLE_JVM_OPTIONS);
    }

    public Spec withPorts(Ports ports) {
      return new Spec(
          jar,
          directory,
          distributors,
          blockBuilders,
          liveStores,
          partitions,
          builderCycle,
          ports,
          jvmOptions);
    }

    public Spec withPairs(int distributors, int blockBuilders, Duration builderCycle) {
      return new Spec(
          jar,
          directory,
          distributors,
          blockBuilders,
          liveStores,
          partitions,
          builderCycle,
          ports,
          jvmOptions);
    }

    Path runtime() {
      // An absolute path has a parent unless it is the file system's root, which is no jar.
      return Objects.requireNonNull(jar.toAbsolutePath().getParent(), jar::toString)
          .resolve("cluster");
    }
  }

  private LocalCluster(Spec spec) throws IOException {
    this.spec = spec;
    this.directory = Files.createDirectories(spec.directory().toAbsolutePath());
    this.watchdog = Watchdog.start(directory.resolve("pids"));
  }

  /** Starts every member; on failure stops what started and throws. */
  public static LocalCluster start(Spec spec) throws IOException {
    requireRuntime(spec.runtime());
    LocalCluster cluster = new LocalCluster(spec);
    try {
      cluster.startAll();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Fails before anything starts when Kafka's or s3proxy's jars are not beside {@code
   * hopscope.jar}: the build copies them there, the release ships them in an archive of their own
   * (they are five times the size of Hopscope, and a production cluster uses a real Kafka and S3).
   */
  static void requireRuntime(Path runtime) throws IOException {
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(runtime.resolve("s3proxy.jar"))) {
      missing.add("s3proxy.jar");
    }
    if (!KafkaProcess.hasKafkaServer(runtime.resolve("kafka"))) {
      missing.add("kafka/kafka_2.13-*.jar");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the local cluster runs Kafka and s3proxy from jars in "
              + runtime
              + ", and "
              + String.join(" and ", missing)
              + " are missing there. From a clone: ./mvnw package -DskipTests (the cli module"
              + " copies them). From a release: unpack hopscope-<version>-local-cluster.tar.gz"
              + " over the release directory (it adds lib/cluster/).");
    }
  }

  private void startAll() throws IOException {
    List<String> small = List.of("-Xmx512m", "-XX:+UseSerialGC");
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<S3Proxy> bucket =
          pool.submit(
              () ->
                  S3Proxy.start(
                      directory.resolve("s3proxy"),
                      spec.runtime().resolve("s3proxy.jar"),
                      0,
                      List.of("-Xmx256m", "-XX:+UseSerialGC")));
      try {
        kafka =
            KafkaProcess.start(
                directory.resolve("kafka"), spec.runtime().resolve("kafka"), 0, small);
      } catch (IOException | RuntimeException e) {
        try {
          s3 = get(bucket); // so that close() stops it
        } catch (IOException | RuntimeException alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
        throw e;
      }
      s3 = get(bucket);
      recordPids();
      // The first distributor creates the topic; the others would race to.
      startMember(distributor(1));
      List<ChildServer.Launch> rest = new ArrayList<>();
      for (int i = 2; i <= spec.distributors(); i++) {
        rest.add(distributor(i));
      }
      for (int i = 1; i <= spec.liveStores(); i++) {
        rest.add(role(Role.LIVE_STORE, i, List.of()));
      }
      for (int i = 1; i <= spec.blockBuilders(); i++) {
        rest.add(role(Role.BLOCK_BUILDER, i, List.of()));
      }
      rest.add(role(Role.COMPACTOR, 1, List.of()));
      List<Future<ChildServer>> started = new ArrayList<>();
      for (ChildServer.Launch launch : rest) {
        started.add(pool.submit(() -> startMember(launch)));
      }
      for (Future<ChildServer> member : started) {
        get(member);
      }
      // Last: it may need the live stores' addresses.
      startMember(querier("querier-1", true));
    }
  }

  private static <T> T get(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the cluster started", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  private ChildServer.Launch distributor(int n) {
    List<String> ports = new ArrayList<>();
    if (n == 1) {
      ports.addAll(List.of("--otlp-grpc-port", Integer.toString(spec.ports().otlpGrpc())));
      ports.addAll(List.of("--otlp-http-port", Integer.toString(spec.ports().otlpHttp())));
      ports.addAll(List.of("--zipkin-port", Integer.toString(spec.ports().zipkin())));
    }
    return role(Role.DISTRIBUTOR, n, ports);
  }

  private ChildServer.Launch querier(String name, boolean withRecent) {
    Map<String, String> env = new LinkedHashMap<>(bucketEnvironment());
    List<String> options = new ArrayList<>(List.of("--role", Role.QUERIER.label()));
    if (withRecent) {
      options.addAll(List.of("--http-port", Integer.toString(spec.ports().query())));
      if (spec.liveStores() > 0) {
        // Recent spans come from the live stores; without any, the querier serves the bucket.
        env.put(Setting.QUERIER_LIVE_STORES.env(), liveStoreAddresses());
      }
    }
    return launch(name, options, env, false);
  }

  private String liveStoreAddresses() {
    return members.entrySet().stream()
        .filter(e -> e.getKey().startsWith(Role.LIVE_STORE.label() + "-"))
        .map(e -> e.getValue().api().substring("http://".length()))
        .collect(Collectors.joining(","));
  }

  private ChildServer.Launch role(Role role, int n, List<String> extra) {
    List<String> options = new ArrayList<>(List.of("--role", role.label()));
    options.addAll(List.of("--kafka", kafka().bootstrapServers()));
    options.addAll(extra);
    Map<String, String> env = new LinkedHashMap<>();
    env.put(Setting.KAFKA_PARTITIONS.env(), Integer.toString(spec.partitions()));
    if (role.usesBucket() || role == Role.COMPACTOR) {
      env.putAll(bucketEnvironment());
    }
    return launch(role.label() + "-" + n, options, env, role.receivesSpans());
  }

  private Map<String, String> bucketEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(Setting.OBJECT_STORAGE_ENDPOINT.env(), s3().endpoint().toString());
    env.put(Setting.OBJECT_STORAGE_BUCKET.env(), BUCKET);
    env.put(Setting.OBJECT_STORAGE_PATH_STYLE.env(), "true");
    env.put(Setting.OBJECT_STORAGE_ACCESS_KEY.env(), S3Proxy.ACCESS_KEY);
    env.put(Setting.OBJECT_STORAGE_SECRET_KEY.env(), S3Proxy.SECRET_KEY);
    env.put(Setting.BLOCK_BUILDER_CYCLE.env(), spec.builderCycle().toMillis() + "ms");
    return env;
  }

  private ChildServer.Launch launch(
      String name, List<String> options, Map<String, String> env, boolean receivesSpans) {
    Path data = directory.resolve(name);
    ChildServer.Launch launch =
        new ChildServer.Launch(
            name,
            spec.jar(),
            data,
            directory.resolve("logs").resolve(name + ".log"),
            spec.jvmOptions(),
            options,
            env,
            receivesSpans);
    synchronized (this) {
      launches.put(name, launch);
    }
    return launch;
  }

  private ChildServer startMember(ChildServer.Launch launch) throws IOException {
    // Each member in a session of its own: Ctrl-C reaches this process only, and close() stops
    // the roles before Kafka and the bucket they use.
    ChildServer server = ChildServer.start(launch, true);
    synchronized (this) {
      members.put(launch.name(), server);
    }
    recordPids();
    return server;
  }

  /** The members by name, in start order. */
  public synchronized Map<String, ChildServer> members() {
    return Map.copyOf(members);
  }

  public synchronized ChildServer member(String name) {
    ChildServer server = members.get(name);
    if (server == null) {
      throw new IllegalArgumentException("no member " + name + "; there are " + members.keySet());
    }
    return server;
  }

  /** The running members of a role, by number. */
  public synchronized List<ChildServer> members(Role role) {
    List<ChildServer> found = new ArrayList<>();
    members.forEach(
        (name, server) -> {
          if (name.startsWith(role.label() + "-")) {
            found.add(server);
          }
        });
    return found;
  }

  /** SIGKILL one member; {@link #restart} brings it back with the same settings. */
  public void kill(String name) {
    member(name).kill();
  }

  /** SIGTERM one member and waits until it exited. */
  public void stop(String name) {
    member(name).close();
  }

  /** Starts a stopped or killed member again (its ports may change, unless fixed). */
  public ChildServer restart(String name) throws IOException {
    ChildServer.Launch launch;
    synchronized (this) {
      launch = launches.get(name);
    }
    if (launch == null) {
      throw new IllegalArgumentException("no member " + name);
    }
    ChildServer old = member(name);
    if (old.isAlive()) {
      throw new IllegalStateException(name + " is still running; stop or kill it first");
    }
    // Back on its HTTP port: the querier may know a live store by it.
    List<String> options = new ArrayList<>(launch.serveOptions());
    int fixed = options.indexOf("--http-port");
    if (fixed >= 0) {
      options.subList(fixed, fixed + 2).clear();
    }
    options.addAll(List.of("--http-port", old.api().substring(old.api().lastIndexOf(':') + 1)));
    return startMember(
        new ChildServer.Launch(
            launch.name(),
            launch.jar(),
            launch.dataDirectory(),
            launch.log(),
            launch.jvmOptions(),
            options,
            launch.environment(),
            launch.receivesSpans()));
  }

  /**
   * Starts a querier that reads only the bucket (no Kafka, no live stores): what every querier sees
   * once recent data ages out. The caller closes it.
   */
  public ChildServer startBucketOnlyQuerier(String name) throws IOException {
    return startMember(querier(name, false));
  }

  public String kafkaBootstrapServers() {
    return kafka().bootstrapServers();
  }

  public S3Proxy s3() {
    return Objects.requireNonNull(s3, "s3proxy, started by startAll() before any member");
  }

  private KafkaProcess kafka() {
    return Objects.requireNonNull(kafka, "Kafka, started by startAll() before any member");
  }

  public Path directory() {
    return directory;
  }

  /** Where everything is, one line per member, for people. */
  public synchronized List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format("  %-16s %s   (log %s)", "kafka", kafka().bootstrapServers(), kafka().log()));
    lines.add(
        String.format(
            "  %-16s %s bucket %s   (files %s)",
            "s3proxy", s3().endpoint(), BUCKET, s3().bucketDirectory(BUCKET)));
    members.forEach(
        (name, server) -> {
          String where = server.api() + "/";
          if (server.receivers().isPresent()) {
            ServeAddresses.Receivers r = server.receivers().get();
            where =
                "OTLP/gRPC "
                    + r.otlpGrpc()
                    + "  OTLP/HTTP "
                    + r.otlpHttp()
                    + "/v1/traces  Zipkin "
                    + r.zipkin()
                    + "/api/v2/spans  metrics "
                    + server.api()
                    + "/metrics";
          } else if (!name.startsWith(Role.QUERIER.label())
              && !name.startsWith(Role.LIVE_STORE.label())) {
            where = "metrics " + server.api() + "/metrics";
          }
          lines.add(String.format("  %-16s %s", name, where));
        });
    return lines;
  }

  private synchronized void recordPids() {
    List<Long> pids = new ArrayList<>();
    if (kafka != null) {
      pids.add(kafka.pid());
    }
    if (s3 != null) {
      pids.add(s3.pid());
    }
    members.values().forEach(m -> pids.add(m.pid()));
    try {
      watchdog.record(pids);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the roles, then the bucket and Kafka, each with SIGTERM then SIGKILL. */
  @Override
  public void close() {
    List<ChildServer> running;
    synchronized (this) {
      running = new ArrayList<>(members.values());
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ChildServer member : running) {
        pool.submit(() -> closeQuietly(member));
      }
    }
    closeQuietly(s3);
    closeQuietly(kafka);
    watchdog.close();
  }

  private static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Best effort: the next one still stops; the watchdog's SIGKILL is the last resort.
    }
  }
}
