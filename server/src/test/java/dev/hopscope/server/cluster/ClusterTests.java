package dev.hopscope.server.cluster;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.testing.KafkaBroker;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.store.object.ObjectStorageConfig;
import dev.hopscope.store.object.S3ProxyProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster roles as servers on one Kafka broker and one s3proxy for a whole test class, each
 * started the first time a test asks for it (a class that needs only the bucket never waits for
 * Kafka). Every server started here is stopped after the class, the newest first, then s3proxy and
 * the broker: a test stops a server itself only when the stop is what it tests. Shared by the
 * cluster ITs so that each states only the roles it runs and how they differ.
 */
abstract class ClusterTests {
  static final String TOPIC = "hopscope-spans";
  static final String BUCKET = "hopscope";

  @TempDir static Path directory;
  private static KafkaBroker broker;
  private static S3ProxyProcess s3proxy;
  private static final List<AutoCloseable> servers = new ArrayList<>();

  /** The class's broker, started on first use. */
  static KafkaBroker broker() throws IOException {
    if (broker == null) {
      broker = KafkaBroker.start(directory.resolve("kafka"));
    }
    return broker;
  }

  /** The class's s3proxy, started on first use. */
  static S3ProxyProcess s3proxy() throws IOException {
    if (s3proxy == null) {
      s3proxy = S3ProxyProcess.start(directory.resolve("s3"));
    }
    return s3proxy;
  }

  /** The span topic on the class's broker: one replica, writes answered or refused within 3 s. */
  static KafkaSettings kafka(int partitions) throws IOException {
    return kafka(partitions, Duration.ofSeconds(3));
  }

  static KafkaSettings kafka(int partitions, Duration ackTimeout) throws IOException {
    return new KafkaSettings(broker().bootstrapServers(), TOPIC, partitions, (short) 1, ackTimeout);
  }

  /** The bucket's settings; the block-builder or compactor creates it, or the test does. */
  static ObjectStorageConfig bucket() throws IOException {
    return s3proxy().config(BUCKET);
  }

  /**
   * A role with what it uses of {@code kafka} and the bucket (its {@link ClusterConfig.Role} says),
   * a 1 h live window and 1 s block-builder cycles.
   */
  static ClusterConfig cluster(ClusterConfig.Role role, KafkaSettings kafka) throws IOException {
    return new ClusterConfig(
        role,
        role.usesKafka() ? Optional.of(kafka) : Optional.empty(),
        Duration.ofHours(1),
        role.usesBucket() ? Optional.of(bucket()) : Optional.empty(),
        Duration.ofSeconds(1));
  }

  /** A querier reading the bucket and these live stores. */
  static ClusterConfig querierOf(HopscopeServer... liveStores) throws IOException {
    return new ClusterConfig(
        ClusterConfig.Role.QUERIER,
        Optional.empty(),
        Duration.ofHours(1),
        Optional.of(bucket()),
        Duration.ofSeconds(1),
        Arrays.stream(liveStores).map(s -> "127.0.0.1:" + s.httpPort()).toList());
  }

  /** A test server's settings in a directory of its own, {@code name}. */
  static ServerConfig config(String name) {
    return ServerConfig.forTests(directory.resolve(name));
  }

  /** Starts a server named {@code name} in {@code cluster}'s role. */
  static HopscopeServer start(String name, ClusterConfig cluster) {
    return start(config(name).withCluster(cluster));
  }

  /** Starts a server, stopped after the class (stopping it twice is harmless). */
  static HopscopeServer start(ServerConfig config) {
    HopscopeServer server = HopscopeServer.start(config);
    servers.add(server);
    return server;
  }

  @AfterAll
  static void stopEverything() {
    List<AutoCloseable> all = new ArrayList<>(servers.reversed());
    all.add(s3proxy);
    all.add(broker);
    for (AutoCloseable closeable : all) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // Best effort: the next one still stops.
      }
    }
    servers.clear();
    s3proxy = null;
    broker = null;
  }
}
