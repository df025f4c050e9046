package dev.hopscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.demo.database.DatabaseServer;
import dev.hopscope.demo.process.Listening;
import dev.hopscope.demo.process.ParentWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A service whose launcher is killed outright (no shutdown hook runs) still goes away. */
class ParentWatchIT {
  @Test
  void serviceExitsWhenItsLauncherIsKilled() throws Exception {
    String java =
        String.join(
            " ",
            ShopLauncher.javaCommand(),
            "-cp",
            Path.of("target", "hopscope-demo.jar").toAbsolutePath().toString(),
            DatabaseServer.class.getName(),
            "--port",
            "0",
            ParentWatch.FLAG);
    // The shell stands in for the launcher: it starts the service, then is killed with SIGKILL.
    Process launcher =
        new ProcessBuilder("sh", "-c", java + " & wait").redirectErrorStream(true).start();
    try {
      // The service binds port 0 and says which port it got once it listens.
      Matcher listening =
          firstLine(launcher, Listening.pattern("database")).get(60, TimeUnit.SECONDS);
      assertThat(Listening.ports(listening).get("tcp")).isPositive();
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
    CompletableFuture<Matcher> ready = firstLine(demo, Pattern.compile("^shop ready:"));
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

  /** The first line of {@code process}'s output that matches; fails if the output ends first. */
  private static CompletableFuture<Matcher> firstLine(Process process, Pattern pattern) {
    CompletableFuture<Matcher> found = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  Matcher matcher = pattern.matcher(line);
                  if (!found.isDone() && matcher.find()) {
                    found.complete(matcher);
                  }
                }
              } catch (IOException e) {
                found.completeExceptionally(e);
              }
              found.completeExceptionally(
                  new AssertionError("the output ended before a line matched " + pattern));
            });
    return found;
  }
}
