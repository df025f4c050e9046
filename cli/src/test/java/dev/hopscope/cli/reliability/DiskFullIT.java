package dev.hopscope.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.process.ChildServer;
import dev.hopscope.store.embedded.DataDirectoryVerifier;
import dev.hopscope.testkit.AckLedger;
import dev.hopscope.testkit.AckVerifier;
import dev.hopscope.testkit.SpanLoad;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose data directory may hold 4 MiB ({@code maxDiskBytes}), half of it taken by other
 * files: ingest fills the rest, then answers 503 with a message naming the directory and the fix;
 * nothing acknowledged is lost, no file is damaged, and ingest resumes once the other files go. (A
 * byte limit rather than a real small filesystem: mounting one needs root, which CI lacks.)
 */
class DiskFullIT {
  private static final long LIMIT = 4 << 20;

  @TempDir Path work;

  @Test
  void fullDiskAnswers503AndResumesWhenSpaceIsFreed() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Path ballast = Files.write(data.resolve("ballast"), new byte[2 << 20]);
    AckLedger ledger = new AckLedger();
    Random random = new Random(5);
    try (ChildServer server =
            ChildServer.start(
                ServerJarUnderTest.locate(),
                data,
                List.of("-Xmx256m"),
                List.of(),
                Map.of("HOPSCOPE_MAX_DISK_BYTES", Long.toString(LIMIT)));
        HttpClient client = HttpClient.newHttpClient()) {
      SpanLoad load = SpanLoad.start(server.otlpHttp(), ledger, 2, 20, 0, random.nextLong());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      try {
        while (load.unavailable() == 0 && System.nanoTime() < deadline) {
          // Poll the load's counters every 20 ms until the disk is full.
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
      } finally {
        load.close();
      }
      assertThat(load.unavailable()).as("503 answers").isPositive();
      assertThat(ledger.spans()).isPositive();

      // Compaction may free a little meanwhile; the disk is full again after a few more writes.
      HttpResponse<String> refused = sendUntil(503, client, server, ledger, random);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body())
          .contains("disk full")
          .contains(data.toString())
          .contains("maxDiskBytes")
          .contains("free space");

      Files.delete(ballast);
      long start = System.nanoTime();
      HttpResponse<String> accepted = sendUntil(200, client, server, ledger, random);
      long resumedMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "disk full: %d acknowledged spans, %d answers 503, resumed %d ms after freeing space%n",
          ledger.spans(), load.unavailable(), resumedMillis);
      assertThat(accepted.statusCode()).isEqualTo(200);
      AckVerifier.Result check = AckVerifier.verify(server.api(), ledger.traces());
      assertThat(check.lostSpans()).as("lost: %s", check.examples()).isZero();
    }
    assertThat(DataDirectoryVerifier.verify(data).problems()).isEmpty();
  }

  /** Sends 50-span traces until one is answered {@code status}, for at most 10 s. */
  private static HttpResponse<String> sendUntil(
      int status, HttpClient client, ChildServer server, AckLedger ledger, Random random)
      throws Exception {
    HttpResponse<String> response = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      AckLedger.Trace trace = AckLedger.Trace.random(random, 50);
      response =
          client.send(
              HttpRequest.newBuilder(URI.create(server.otlpHttp() + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          trace.toOtlpJson(System.currentTimeMillis())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        ledger.acknowledge(trace);
      }
      if (response.statusCode() == status) {
        return response;
      }
    }
    return response;
  }
}
