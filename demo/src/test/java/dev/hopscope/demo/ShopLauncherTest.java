package dev.hopscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.demo.telemetry.ServiceSettings;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShopLauncherTest {
  @Test
  void missingJarSaysHowToBuildIt() {
    ShopLauncher launcher =
        ShopLauncher.builder().repoRoot(Path.of("target", "no-such-root")).build();

    assertThatThrownBy(launcher::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hopscope-demo.jar")
        .hasMessageEndingWith("build it with ./mvnw -pl demo package");
  }

  @Test
  void repoRootLocatesBothJarsUnderDemoTarget() {
    assertThat(ShopLauncher.SHOP_JAR).isEqualTo(Path.of("demo/target/hopscope-demo.jar"));
    assertThat(ShopLauncher.AGENT_JAR)
        .isEqualTo(Path.of("demo/target/agent/opentelemetry-javaagent.jar"));
  }

  @Test
  void agentGetsTheSameResourceAndEndpointAsTheSdk() {
    ServiceSettings settings =
        new ServiceSettings(
            URI.create("http://127.0.0.1:9999"), false, "2.0.0", "staging", "eu-west-1");

    assertThat(AgentEnvironment.of("auth", settings))
        .containsEntry("OTEL_SERVICE_NAME", "auth")
        .containsEntry(
            "OTEL_RESOURCE_ATTRIBUTES",
            "service.version=2.0.0,deployment.environment.name=staging,cloud.region=eu-west-1")
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9999")
        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .containsEntry("OTEL_PROPAGATORS", "tracecontext,baggage")
        .containsEntry("OTEL_TRACES_EXPORTER", "otlp");
  }

  @Test
  void stdoutSwitchesTheAgentToTheConsoleExporter() {
    ServiceSettings settings =
        new ServiceSettings(ServiceSettings.DEFAULT_OTLP_ENDPOINT, true, "1.0.0", "dev", "r");

    assertThat(AgentEnvironment.of("auth", settings))
        .containsEntry("OTEL_TRACES_EXPORTER", "console")
        .doesNotContainKey("OTEL_EXPORTER_OTLP_ENDPOINT");
  }
}
