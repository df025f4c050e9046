package dev.hopscope.testkit;

import dev.hopscope.process.ChildServer;
import dev.hopscope.store.embedded.DataDirectoryReport;
import dev.hopscope.store.embedded.DataDirectoryVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kill -9 under load: a child server takes OTLP/HTTP at full rate from a few threads and is killed
 * with SIGKILL at a seeded random moment, then restarted on the same data directory; after each
 * restart every span ever answered 200 must read back by id. At the end the server stops cleanly
 * and the offline check must find no damage.
 */
public final class CrashTrials {
  /**
   * The outcome.
   *
   * @param lostExamples up to ten lost spans, {@code traceId/spanId}
   * @param offlineCheck the offline check of the data directory after the last clean stop
   */
  public record Report(
      int trials,
      long acknowledgedSpans,
      long lostSpans,
      List<String> lostExamples,
      long requestsFailedByKills,
      DataDirectoryReport offlineCheck) {
    public boolean passed() {
      return lostSpans == 0 && offlineCheck.healthy();
    }
  }

  private final Path jar;
  private final Path workDirectory;
  private final long seed;
  private final long minKillMillis;
  private final long maxKillMillis;

  /**
   * @param minKillMillis the earliest a kill comes after the load starts
   * @param maxKillMillis the latest
   */
  public CrashTrials(
      Path jar, Path workDirectory, long seed, long minKillMillis, long maxKillMillis) {
    if (minKillMillis < 0 || maxKillMillis <= minKillMillis) {
      throw new IllegalArgumentException("kill window must satisfy 0 <= min < max");
    }
    this.jar = jar;
    this.workDirectory = workDirectory;
    this.seed = seed;
    this.minKillMillis = minKillMillis;
    this.maxKillMillis = maxKillMillis;
  }

  public Report run(int trials, PrintWriter out) throws IOException, InterruptedException {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be at least 1");
    }
    Path data = workDirectory.resolve("data");
    List<String> jvm = List.of("-Xmx512m");
    AckLedger ledger = new AckLedger();
    Random random = new Random(seed);
    long failedByKills = 0;
    AckVerifier.Result lastCheck = new AckVerifier.Result(0, 0, List.of());
    int completed = 0;
    ChildServer server = ChildServer.start(jar, data, jvm, List.of(), Map.of());
    try (ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor()) {
      for (int trial = 1; trial <= trials; trial++) {
        long killAfter =
            minKillMillis + (long) (random.nextDouble() * (maxKillMillis - minKillMillis));
        SpanLoad load = SpanLoad.start(server.otlpHttp(), ledger, 2, 20, 0, random.nextLong());
        ChildServer victim = server;
        try {
          killer.schedule(victim::kill, killAfter, TimeUnit.MILLISECONDS).get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("could not kill the server", e.getCause());
        } finally {
          load.close();
        }
        failedByKills += load.failed();
        server = ChildServer.start(jar, data, jvm, List.of(), Map.of());
        lastCheck = AckVerifier.verify(server.api(), ledger.traces());
        completed = trial;
        out.printf(
            "trial %d: killed pid %d after %d ms; %d spans acknowledged so far, %d lost%n",
            trial, victim.pid(), killAfter, lastCheck.checkedSpans(), lastCheck.lostSpans());
        out.flush();
        if (lastCheck.lostSpans() > 0) {
          break;
        }
      }
    } finally {
      server.close();
    }
    DataDirectoryReport offline = DataDirectoryVerifier.verify(data);
    return new Report(
        completed,
        lastCheck.checkedSpans(),
        lastCheck.lostSpans(),
        lastCheck.examples(),
        failedByKills,
        offline);
  }
}
