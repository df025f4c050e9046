package dev.hopscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.demo.database.DatabaseServer;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.process.Readiness;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A service whose launcher is killed outright (no shutdown hook runs) still goes away. */
class ParentWatchIT {
  @Test
  void serviceExitsWhenItsLauncherIsKilled() throws Exception {
    int port = Readiness.freePort();
    String java =
        String.join(
            " ",
            ShopLauncher.javaCommand(),
            "-cp",
            Path.of("target", "hopscope-demo.jar").toAbsolutePath().toString(),
            DatabaseServer.class.getName(),
            "--port",
            Integer.toString(port),
            ParentWatch.FLAG);
    // The shell stands in for the launcher: it starts the service, then is killed with SIGKILL.
    Process launcher = new ProcessBuilder("sh", "-c", java + " & wait").start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Readiness.tcp(port).getAsBoolean() && System.nanoTime() < deadline) {
        launcher.waitFor(50, TimeUnit.MILLISECONDS);
      }
      List<ProcessHandle> services = launcher.descendants().toList();
      assertThat(services).hasSize(1);

      launcher.destroyForcibly().waitFor();

      ProcessHandle service = services.get(0);
      service.onExit().get(30, TimeUnit.SECONDS);
      assertThat(service.isAlive()).isFalse();
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }
}
