package dev.hopscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.demo.database.DatabaseServer;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.process.Readiness;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /**
   * {@code hopscope demo} starts the shop with {@value ParentWatch#FLAG}: killed outright, the demo
   * runs no shutdown hook, yet the shop and every service it started end.
   */
  @Test
  void theShopAndItsServicesEndWhenTheDemoIsKilled() throws Exception {
    String java =
        String.join(
            " ",
            ShopLauncher.javaCommand(),
            "-cp",
            Path.of("target", "hopscope-demo.jar").toAbsolutePath().toString(),
            Shop.class.getName(),
            "--repo-root",
            Path.of("..").toAbsolutePath().normalize().toString(),
            "--stdout",
            "--no-load",
            "--fault-admin-port",
            "0",
            ParentWatch.FLAG);
    // The shell stands in for the demo, as above.
    Process demo =
        new ProcessBuilder("sh", "-c", java + " & wait").redirectErrorStream(true).start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader lines = demo.inputReader(StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.startsWith("shop ready:")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new AssertionError("the shop ended before it was ready"));
            });
    List<ProcessHandle> shop = List.of();
    try {
      ready.get(180, TimeUnit.SECONDS);
      shop = demo.descendants().toList();
      // The shop and its database, auth, fault proxies and webapp.
      assertThat(shop).hasSize(5);

      demo.destroyForcibly().waitFor();

      for (ProcessHandle process : shop) {
        assertThat(process.onExit())
            .as("%s ends once the demo was killed", process.info().commandLine().orElse("?"))
            .succeedsWithin(Duration.ofSeconds(60));
      }
    } finally {
      shop.forEach(ProcessHandle::destroyForcibly);
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }
}
