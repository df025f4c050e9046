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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one process) started as a child JVM
 * from the test classpath, which holds {@code org.apache.kafka:kafka_2.13}. Nothing is mocked: the
 * client talks to Kafka's own server over TCP on 127.0.0.1.
 *
 * <p>Ports: a KRaft controller's address must be written into the configuration before it starts,
 * so both ports are chosen first (bind to 0, read, release). Another process could take one in
 * between; the start then fails with "Address already in use" and is retried with new ports.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(90);

  private final Path directory;
  private final String clusterId;
  private int brokerPort;
  private int controllerPort;
  private Process process;

  private KafkaBroker(Path directory) {
    this.directory = directory;
    this.clusterId = Uuid.randomUuid().toString();
  }

  /** Formats a log directory under {@code directory} and starts a broker on it. */
  public static KafkaBroker start(Path directory) throws IOException {
    KafkaBroker broker = new KafkaBroker(directory);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      broker.choosePorts();
      try {
        broker.format();
        broker.launch();
        return broker;
      } catch (IOException e) {
        last = e;
        broker.kill();
      }
    }
    throw last;
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

  /** Starts the broker again on the same log directory and ports after {@link #kill()}. */
  public void restart() throws IOException {
    launch();
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

  private void choosePorts() throws IOException {
    try (ServerSocket broker = new ServerSocket(0);
        ServerSocket controller = new ServerSocket(0)) {
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
      props.store(out, "Hopscope test broker");
    }
    return file;
  }

  private void format() throws IOException {
    Path config = writeConfig();
    Process format =
        java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString())
            .redirectOutput(directory.resolve("format.log").toFile())
            .redirectErrorStream(true)
            .start();
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

  private void launch() throws IOException {
    Path log = directory.resolve("broker.log");
    process =
        java("kafka.Kafka", directory.resolve("server.properties").toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true)
            .start();
    awaitReady(log);
  }

  /** Ready = the broker answers a cluster description; bounded, and fails if the process died. */
  private void awaitReady(Path log) throws IOException {
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
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
