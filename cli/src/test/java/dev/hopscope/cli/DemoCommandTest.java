package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.cli.local.LocalCluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code demo}'s flags make of the local cluster and the shop, without starting either. */
class DemoCommandTest {

  private static DemoCommand parse(String... args) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs(args);
    return demo;
  }

  @Test
  void theClusterTakesTheUsualPortsAndTheStandardShapeByDefault() {
    LocalCluster.Spec spec = parse("--cluster").clusterSpec();

    assertThat(spec.ports()).isEqualTo(LocalCluster.Ports.usual());
    assertThat(List.of(spec.distributors(), spec.blockBuilders(), spec.liveStores()))
        .containsExactly(2, 2, 2);
    assertThat(spec.partitions()).isEqualTo(4);
  }

  @Test
  void aPortFlagFixesItsOwnListenerInTheClusterAndLeavesTheOthersAlone() {
    LocalCluster.Spec usual = parse("--cluster", "--http-port", "16700").clusterSpec();
    LocalCluster.Spec any =
        parse("--cluster", "--any-ports", "--otlp-http-port", "14318").clusterSpec();

    assertThat(usual.ports()).isEqualTo(new LocalCluster.Ports(4317, 4318, 9411, 16700));
    assertThat(any.ports()).isEqualTo(new LocalCluster.Ports(0, 14318, 0, 0));
  }

  @Test
  void theClusterIsSizedByTheSameFlagsAsHopscopeCluster() {
    LocalCluster.Spec spec =
        parse(
                "--cluster",
                "--distributors",
                "1",
                "--block-builders",
                "1",
                "--live-stores",
                "1",
                "--partitions",
                "2",
                "--cycle",
                "5s")
            .clusterSpec();

    assertThat(List.of(spec.distributors(), spec.blockBuilders(), spec.liveStores()))
        .containsExactly(1, 1, 1);
    assertThat(spec.partitions()).isEqualTo(2);
    assertThat(spec.builderCycle()).hasSeconds(5);
  }

  @Test
  void aBadCycleIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> parse("--cluster", "--cycle", "soon").clusterSpec())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"soon\"");
  }

  @Test
  void anyPortsGivesTheShopsFaultAdminAnyPortAndTheShopAlwaysEndsWithTheDemo() {
    List<String> usual = parse().shopArgs(4318, "/repo");
    List<String> any = parse("--any-ports").shopArgs(4318, "/repo");

    assertThat(usual).doesNotContain("--fault-admin-port").contains("--exit-with-parent");
    assertThat(String.join(" ", any)).contains("--fault-admin-port 0");
    assertThat(any).contains("--exit-with-parent");
  }
}
