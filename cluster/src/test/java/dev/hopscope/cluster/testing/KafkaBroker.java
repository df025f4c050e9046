package dev.hopscope.cluster.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka node (KRaft, broker and controller in one process) started as a child JVM
 * from the test classpath, which holds {@code org.apache.kafka:kafka_2.13}. Nothing is mocked: the
 * client talks to Kafka's own server over TCP on 127.0.0.1. {@link #start(Path)} runs one alone;
 * {@link KafkaCluster} runs several as one cluster.
 *
 * <p>Ports: a KRaft controller's address must be written into the configuration of every node
 * before any starts, so the ports are chosen first (bind to 0, read, release). Another process
 * could take one in between; the start then fails with "Address already in use" and is retried with
 * new ports.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(90);

  private final Path directory;
  private final String clusterId;
  private final int nodeId;
  private final int nodes;
  private int brokerPort;
  private int controllerPort;
  private Process process;

  private KafkaBroker(Path directory, String clusterId, int nodeId, int nodes) {
    this.directory = directory;
    this.clusterId = clusterId;
    this.nodeId = nodeId;
    this.nodes = nodes;
  }

  /** Formats a log directory under {@code directory} and starts a broker on it. */
  public static KafkaBroker start(Path directory) throws IOException {
    return startAll(List.of(directory)).getFirst();
  }

  /**
   * Formats one log directory per node and starts the nodes as one cluster: every node is a voter
   * of the controller quorum, so the cluster serves while a majority of them runs. All are launched
   * before any is awaited, since none is ready before the quorum has a majority.
   */
  static List<KafkaBroker> startAll(List<Path> directories) throws IOException {
    String clusterId = Uuid.randomUuid().toString();
    List<KafkaBroker> brokers = new ArrayList<>();
    for (int i = 0; i < directories.size(); i++) {
      brokers.add(new KafkaBroker(directories.get(i), clusterId, i + 1, directories.size()));
    }
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      choosePorts(brokers);
      try {
        formatAll(brokers);
        launchAll(brokers);
        return brokers;
      } catch (IOException e) {
        last = e;
        brokers.forEach(KafkaBroker::kill);
      }
    }
    throw last;
  }

  /** Launches every node, then waits for each to serve. */
  static void launchAll(List<KafkaBroker> brokers) throws IOException {
    for (KafkaBroker broker : brokers) {
      broker.launchProcess();
    }
    for (KafkaBroker broker : brokers) {
      broker.awaitReady();
    }
  }

  /** This node's id in the cluster (1-based), as Kafka's metadata names it. */
  public int nodeId() {
    return nodeId;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** SIGKILL: what a crashed broker looks like to its clients. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor();
    }
  }

  /**
   * Starts the broker again on the same log directory and ports after {@link #kill()}. In a
   * cluster, a majority of the other nodes must be running (else use {@link
   * KafkaCluster#restartAll()}).
   */
  public void restart() throws IOException {
    launchAll(List.of(this));
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      waitFor();
    }
  }

  private void waitFor() {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every port is held open until all are chosen, so no two nodes get the same one. */
  private static void choosePorts(List<KafkaBroker> brokers) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (KafkaBroker broker : brokers) {
        ServerSocket brokerSocket = new ServerSocket(0);
        held.add(brokerSocket);
        ServerSocket controllerSocket = new ServerSocket(0);
        held.add(controllerSocket);
        broker.brokerPort = brokerSocket.getLocalPort();
        broker.controllerPort = controllerSocket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    String voters =
        brokers.stream()
            .map(b -> b.nodeId + "@127.0.0.1:" + b.controllerPort)
            .collect(Collectors.joining(","));
    for (KafkaBroker broker : brokers) {
      broker.writeConfig(voters);
    }
  }

  private void writeConfig(String voters) throws IOException {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(nodeId));
    props.put("controller.quorum.voters", voters);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", directory.resolve("logs").toString());
    String internalReplicas = String.valueOf(nodes);
    props.put("offsets.topic.replication.factor", internalReplicas);
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", internalReplicas);
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", internalReplicas);
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    if (nodes > 1) {
      // A killed node is fenced, and its partitions get new leaders, once its session lapses
      // (default 9 s, heartbeats every 2 s): shorter here so failover tests spend their time on
      // failover. A lone node keeps the default: with 3 s, BlockBuilderIT once saw a write time
      // out at load average 22, most likely the node fencing itself on a late heartbeat, and a
      // lone node has no other broker to take its partitions.
      props.put("broker.session.timeout.ms", "3000");
      props.put("broker.heartbeat.interval.ms", "500");
    }
    Files.createDirectories(directory);
    try (var out = Files.newBufferedWriter(directory.resolve("server.properties"))) {
      props.store(out, "Hopscope test broker " + nodeId + " of " + nodes);
    }
  }

  /** Formats every node's log directory, the JVMs side by side. */
  private static void formatAll(List<KafkaBroker> brokers) throws IOException {
    List<Process> formats = new ArrayList<>();
    for (KafkaBroker broker : brokers) {
      formats.add(broker.startFormat());
    }
    for (int i = 0; i < brokers.size(); i++) {
      brokers.get(i).awaitFormat(formats.get(i));
    }
  }

  private Process startFormat() throws IOException {
    Path config = directory.resolve("server.properties");
    // --ignore-formatted: a start retried on new ports finds the directory formatted already.
    return java(
            "kafka.tools.StorageTool",
            "format",
            "--ignore-formatted",
            "-t",
            clusterId,
            "-c",
            config.toString())
        .redirectOutput(directory.resolve("format.log").toFile())
        .redirectErrorStream(true)
        .start();
  }

  private void awaitFormat(Process format) throws IOException {
    try {
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IOException(
            "formatting Kafka's log directory failed: "
                + Files.readString(directory.resolve("format.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting Kafka's log directory", e);
    }
  }

  private void launchProcess() throws IOException {
    process =
        java("kafka.Kafka", directory.resolve("server.properties").toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .redirectErrorStream(true)
            .start();
  }

  private Path log() {
    return directory.resolve("broker.log");
  }

  /**
   * Ready = the broker answers a cluster description, which it does only once the controller quorum
   * has registered and unfenced it; bounded, and fails if the process died.
   */
  private void awaitReady() throws IOException {
    Path log = log();
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    props.put("request.timeout.ms", "2000");
    props.put("default.api.timeout.ms", "2000");
    long deadline = System.nanoTime() + READY.toNanos();
    try (Admin admin = Admin.create(props)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException("Kafka exited with " + process.exitValue() + ": " + tail(log));
        }
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          // The describe call's own timeout paces this loop.
        }
      }
    }
    throw new IOException("Kafka was not ready within " + READY.toSeconds() + " s: " + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private ProcessBuilder java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // C1 only and the serial collector: a test broker's start is mostly JIT work, and on a
    // shared 2-core machine three nodes started in 36-41 s this way against 57-69 s with C2
    // and G1 (load average 25). Throughput does not matter here.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
