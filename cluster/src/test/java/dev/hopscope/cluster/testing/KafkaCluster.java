package dev.hopscope.cluster.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several real Kafka nodes as one cluster, each a child JVM ({@link KafkaBroker}) that is both
 * broker and controller quorum voter: with three, the cluster keeps serving while any one is down,
 * as a production cluster of three brokers does. Processes rather than an in-process test kit so
 * that {@link KafkaBroker#kill()} is a real crash (SIGKILL, no controlled shutdown moving leaders
 * away first), and the broker is the version the client is pinned to.
 */
public final class KafkaCluster implements AutoCloseable {
  private final List<KafkaBroker> nodes;

  private KafkaCluster(List<KafkaBroker> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Formats and starts {@code count} nodes under {@code directory}, returning once all serve. */
  public static KafkaCluster start(Path directory, int count) throws IOException {
    List<Path> directories = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      directories.add(directory.resolve("node-" + id));
    }
    return new KafkaCluster(KafkaBroker.startAll(directories));
  }

  /** Every node's broker address: a client that knows one live node finds the rest. */
  public String bootstrapServers() {
    return nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
  }

  /** The node with Kafka's node id {@code nodeId} (1-based). */
  public KafkaBroker node(int nodeId) {
    return nodes.get(nodeId - 1);
  }

  public List<KafkaBroker> nodes() {
    return nodes;
  }

  /** SIGKILL to every node: the whole cluster crashes at once. */
  public void killAll() {
    nodes.forEach(KafkaBroker::kill);
  }

  /** Starts every node again on its log directory and ports, returning once all serve. */
  public void restartAll() throws IOException {
    KafkaBroker.launchAll(nodes);
  }

  /**
   * SIGKILL, not a graceful stop: the last nodes of a stopping cluster would wait for a controller
   * majority that is already gone, and the test's log directories are deleted anyway.
   */
  @Override
  public void close() {
    killAll();
  }
}
