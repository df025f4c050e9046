package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.process.LoggedProcess;
import dev.hopscope.store.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code hopscope demo} as a terminal sends it: SIGINT to the whole foreground process
 * group, so the shop and its services get it at the same moment as the demo and may end first. The
 * demo must still stop everything and exit 0, not report the shop's own exit as a failure. Runs the
 * single-server demo with {@code --any-ports} (the cluster's stop is {@code DemoClusterIT}'s).
 */
class DemoInterruptIT {
  private static final Pattern UI = Pattern.compile("UI and APIs\\s+(http://[^/\\s]+)/");
  private static final Pattern SHOP_READY =
      Pattern.compile("shop ready: webapp (\\S+), fault admin (\\S+)");
  private static final Pattern STOPPED = Pattern.compile("hopscope demo: stopped in (\\d+) ms");

  @TempDir Path work;

  @Test
  void ctrlCToTheProcessGroupStopsTheDemoAndTheShopAndExitsZero() throws Exception {
    Path log = work.resolve("demo.log");
    LoggedProcess demo =
        DemoProcess.start(
            List.of("--any-ports", "--no-load", "--data-dir", work.resolve("data").toString()),
            log,
            true);
    CompletableFuture<Matcher> uiLine = demo.watch(UI);
    CompletableFuture<Matcher> shopLine = demo.watch(SHOP_READY);
    CompletableFuture<Matcher> stoppedLine = demo.watch(STOPPED);
    demo.follow();
    long start = System.nanoTime();
    try {
      String ui = demo.await(uiLine, Duration.ofMinutes(2)).group(1);
      assertThat(URI.create(ui).getPort())
          .as("--any-ports: not the usual 16686")
          .isNotEqualTo(16686);
      demo.await(shopLine, Duration.ofMinutes(3));
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(URI.create(ui + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
      }
      List<ProcessHandle> started =
          ProcessHandle.of(demo.pid()).orElseThrow().descendants().toList();
      // The shop and its database, auth, fault proxies and webapp.
      assertThat(started).hasSize(5);
      System.out.printf(
          "DemoInterruptIT: demo and shop ready in %.1f s%n", (System.nanoTime() - start) / 1e9);

      Process ctrlC = new ProcessBuilder("kill", "-INT", "--", "-" + demo.pid()).start();
      assertThat(ctrlC.waitFor()).as("kill -INT to the demo's process group").isZero();

      assertThat(demo.exitCode(Duration.ofMinutes(1))).as("the demo's exit code").isZero();
      System.out.println(
          "DemoInterruptIT: the demo says it stopped in "
              + demo.await(stoppedLine, Duration.ofSeconds(10)).group(1)
              + " ms");
      Await.until(
          "the shop and its services to end",
          Duration.ofSeconds(30),
          () -> started.stream().noneMatch(ProcessHandle::isAlive),
          () -> started.stream().filter(ProcessHandle::isAlive).toList().toString());
    } finally {
      if (demo.isAlive()) {
        ProcessHandle.of(demo.pid())
            .ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        demo.kill();
      }
      DemoProcess.print(log);
    }
  }
}
