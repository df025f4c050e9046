package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a child JVM ingesting at full rate, at seeded random moments, ten times into one data
 * directory: after each kill the store opens with no manual step and every acknowledged span is
 * readable (including late spans merged into their traces).
 */
class CrashRecoveryIT {
  private static final int TRIALS = 10;
  private static final long SEED = 20261201L;

  @TempDir Path directory;

  @Test
  void everyAcknowledgedSpanSurvivesKillMinusNine() throws Exception {
    Random random = new Random(SEED);
    long baseNanos = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
    Set<Long> acknowledged = new HashSet<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      long firstSeq = trial * 1_000_000L;
      int killAfterAcks = 10 + random.nextInt(300);
      List<Long> acks = runAndKill(firstSeq, baseNanos, killAfterAcks);
      assertThat(acks).as("trial %d acknowledged writes before the kill", trial).isNotEmpty();
      acknowledged.addAll(acks);
      try (EmbeddedTraceStore store =
          EmbeddedTraceStore.open(
              EmbeddedStoreConfig.builder(directory).maintenanceInterval(Duration.ZERO).build())) {
        assertAllReadable(store, acknowledged, baseNanos, trial);
        System.out.printf(
            "trial %d: killed after %d acks; %d batches acknowledged in all; after recovery %s%n",
            trial, acks.size(), acknowledged.size(), store.stats().tenants());
        if (trial % 3 == 2) {
          // Exercise recovery from blocks too, not only from the WAL.
          store.flush();
          store.compact();
          assertAllReadable(store, acknowledged, baseNanos, trial);
        }
      }
    }
  }

  private List<Long> runAndKill(long firstSeq, long baseNanos, int killAfterAcks)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingIngester.class.getName(),
                directory.toString(),
                Long.toString(firstSeq),
                Long.toString(baseNanos))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Long> acks = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acks.add(Long.parseLong(line.substring(4)));
          if (acks.size() == killAfterAcks) {
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
            // pipe, losing the acknowledgements the child printed just before dying.
            child.toHandle().destroyForcibly();
          }
        }
      }
    } finally {
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    }
    return acks;
  }

  private static void assertAllReadable(
      EmbeddedTraceStore store, Set<Long> acknowledged, long baseNanos, int trial) {
    // Expected spans per trace: a batch's own traces, plus the late span batch seq+1 adds.
    Map<TraceId, Set<Span>> expected = new HashMap<>();
    for (long seq : acknowledged) {
      for (Span span : CrashWorkload.spans(seq, baseNanos)) {
        expected.computeIfAbsent(span.traceId(), id -> new HashSet<>()).add(span);
      }
    }
    // One scan reads every trace in bulk; a lookup per trace would dominate the test's time.
    Map<TraceId, Trace> stored = new HashMap<>();
    store.scan(CrashWorkload.TENANT, TimeRange.ALL, trace -> stored.put(trace.traceId(), trace));
    for (Map.Entry<TraceId, Set<Span>> entry : expected.entrySet()) {
      Trace trace = stored.get(entry.getKey());
      assertThat(trace).as("trial %d: trace %s", trial, entry.getKey()).isNotNull();
      assertThat(trace.spans())
          .as("trial %d: trace %s", trial, entry.getKey())
          .containsAll(entry.getValue());
    }
    // Spot-check the lookup path, which uses the bloom filters and sparse index instead.
    TraceId any = expected.keySet().iterator().next();
    assertThat(store.trace(CrashWorkload.TENANT, any)).contains(stored.get(any));
  }
}
