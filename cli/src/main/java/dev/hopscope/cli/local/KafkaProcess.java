package dev.hopscope.cli.local;

import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * One Apache Kafka broker (KRaft, broker and controller in one JVM) run from Kafka's own jars
 * ({@code cli/target/cluster/kafka/}, copied there by the build): {@code StorageTool format} once,
 * then {@code kafka.Kafka server.properties}. Its log directory survives a restart, so a stopped
 * local cluster starts again with its spans.
 *
 * <p>Ports: a KRaft controller's address must be in its configuration before it starts, so this is
 * the one child whose ports are picked first (bind to 0, read, release). Another process can take
 * one in between; the start then fails and is retried with new ports.
 */
public final class KafkaProcess implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(120);
  // "INFO: [KafkaRaftServer nodeId=1] Kafka Server started"
  private static final Pattern STARTED = Pattern.compile("\\] Kafka Server started");

  private final Path directory;
  private final Path jars;
  private final List<String> jvmOptions;
  private int brokerPort;
  private int controllerPort;
  // Null until a launch; start() hands the broker out only once one succeeded.
  private @Nullable LoggedProcess process;

  private KafkaProcess(Path directory, Path jars, List<String> jvmOptions) {
    this.directory = directory;
    this.jars = jars;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * Starts a broker keeping its log under {@code directory} (formatted on first use).
   *
   * @param jars the directory holding Kafka's jars
   * @param port the broker's port, or 0 for any free one
   */
  public static KafkaProcess start(Path directory, Path jars, int port, List<String> jvmOptions)
      throws IOException {
    if (!hasKafkaServer(jars)) {
      throw new IllegalStateException(
          "Kafka's jars are missing from "
              + jars
              + "; build them with ./mvnw package -DskipTests (the cli module copies them)");
    }
    KafkaProcess kafka = new KafkaProcess(directory, jars, jvmOptions);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      kafka.choosePorts(port);
      try {
        kafka.formatOnce();
        kafka.launch();
        return kafka;
      } catch (IOException e) {
        last = e;
        kafka.kill();
      }
    }
    throw last;
  }

  static boolean hasKafkaServer(Path jars) throws IOException {
    if (!Files.isDirectory(jars)) {
      return false;
    }
    try (var files = Files.list(jars)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public long pid() {
    // Only start() creates a KafkaProcess, and it returns one only after launch() set the process.
    return Objects.requireNonNull(process, "the broker process, set by a successful launch()")
        .pid();
  }

  public Path log() {
    return directory.resolve("kafka.log");
  }

  /** SIGKILL: what a crashed broker looks like to its clients. */
  public void kill() {
    if (process != null) {
      process.kill();
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
    }
  }

  private void choosePorts(int port) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket broker = new ServerSocket(port, 1, loopback);
        ServerSocket controller = new ServerSocket(0, 1, loopback)) {
      brokerPort = broker.getLocalPort();
      controllerPort = controller.getLocalPort();
    }
  }

  private Path writeConfig() throws IOException {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", directory.resolve("logs").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    Files.createDirectories(directory);
    Path file = directory.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, "Hopscope local cluster broker (written at every start)");
    }
    return file;
  }

  /** Formats the log directory unless an earlier start did. */
  private void formatOnce() throws IOException {
    Path config = writeConfig();
    if (Files.exists(directory.resolve("logs").resolve("meta.properties"))) {
      return;
    }
    Path log = directory.resolve("format.log");
    LoggedProcess format =
        LoggedProcess.startInOwnSession(
                "kafka-format",
                java(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    config.toString()),
                Map.of(),
                log)
            .follow();
    try {
      if (!format.exitedWithin(Duration.ofSeconds(90))) {
        format.kill();
        throw new IOException("formatting Kafka's log directory timed out; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      format.kill();
      throw new IOException("interrupted while formatting Kafka's log directory", e);
    }
    if (!Files.exists(directory.resolve("logs").resolve("meta.properties"))) {
      throw new IOException("formatting Kafka's log directory failed; see " + log);
    }
  }

  /** Ready = the broker logged that it started; bounded, and fails at once if it exited. */
  private void launch() throws IOException {
    LoggedProcess launched =
        LoggedProcess.startInOwnSession(
            "kafka",
            java("kafka.Kafka", directory.resolve("server.properties").toString()),
            Map.of(),
            log());
    process =
        launched; // before waiting, so that kill() and close() stop a broker that never got ready
    var started = launched.watch(STARTED);
    launched.follow();
    launched.await(started, READY);
  }

  private List<String> java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(jars.toAbsolutePath() + "/*");
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
