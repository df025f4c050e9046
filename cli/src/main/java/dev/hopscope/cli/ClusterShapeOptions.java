package dev.hopscope.cli;

import dev.hopscope.cli.local.LocalCluster;
import dev.hopscope.server.config.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How big the local cluster is, shared by {@code cluster} and {@code demo --cluster} so that both
 * take the same flags with the same defaults ({@link LocalCluster.Spec#standard}).
 */
final class ClusterShapeOptions {
  @Option(
      names = "--distributors",
      paramLabel = "N",
      defaultValue = "2",
      description = "Distributors in the local cluster (default ${DEFAULT-VALUE}).")
  int distributors;

  @Option(
      names = "--block-builders",
      paramLabel = "N",
      defaultValue = "2",
      description = "Block-builders in the local cluster (default ${DEFAULT-VALUE}).")
  int blockBuilders;

  @Option(
      names = "--live-stores",
      paramLabel = "N",
      defaultValue = "2",
      description = "Live stores in the local cluster (default ${DEFAULT-VALUE}).")
  int liveStores;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "4",
      description = "Partitions of the span topic when it is created (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--cycle",
      paramLabel = "DURATION",
      description =
          "How long a block-builder holds spans before cutting a block (default ${DEFAULT-VALUE}).")
  String cycle = "10s";

  /**
   * The cluster these flags describe; an {@link IllegalArgumentException} names the bad flag value.
   */
  LocalCluster.Spec toSpec(Path jar, Path directory, LocalCluster.Ports ports) {
    return new LocalCluster.Spec(
        jar,
        directory,
        distributors,
        blockBuilders,
        liveStores,
        partitions,
        ServerConfig.parseDuration(cycle),
        ports,
        LocalCluster.Spec.ROLE_JVM_OPTIONS);
  }
}
