package dev.hopscope.cluster.kafka;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.testing.TraceFixtures;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends seeded batches of spans through a sink, a bounded number in flight (as a distributor's
 * concurrent requests are), and records which the sink acknowledged: the ledger a loss check
 * compares with what Kafka holds. Batch {@code i} is made from seed {@code seed + i}.
 */
final class SpanLedger {
  /** One span as Kafka must hold it. */
  record SpanKey(String tenant, long traceIdHigh, long traceIdLow, long spanId) {}

  static final String TENANT = "acme";
  private static final int IN_FLIGHT = 8;
  private static final int TRACES_PER_BATCH = 20;

  private final KafkaSpanSink sink;
  private final long seed;
  private final Set<SpanKey> acknowledgedSpans = ConcurrentHashMap.newKeySet();
  // Batch index -> when it was acknowledged (System.nanoTime()), and how many spans it held.
  private final Map<Integer, Long> acknowledgedAt = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> spansOf = new ConcurrentHashMap<>();
  private final AtomicLong failed = new AtomicLong();
  private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
  private int sent;

  SpanLedger(KafkaSpanSink sink, long seed) {
    this.sink = sink;
    this.seed = seed;
  }

  /** Sends the next batch; the future completes after the ledger has recorded the outcome. */
  CompletableFuture<Void> send() {
    int index = sent++;
    SpanBatch batch =
        TraceFixtures.batchOf(TraceFixtures.randomTraces(seed + index, TRACES_PER_BATCH));
    Set<SpanKey> keys = new HashSet<>();
    for (int row = 0; row < batch.size(); row++) {
      keys.add(
          new SpanKey(TENANT, batch.traceIdHigh(row), batch.traceIdLow(row), batch.spanId(row)));
    }
    return sink.write(TENANT, batch)
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                acknowledgedSpans.addAll(keys);
                spansOf.put(index, keys.size());
                acknowledgedAt.put(index, System.nanoTime());
              } else {
                failed.incrementAndGet();
              }
            });
  }

  /** Sends one batch and waits for it: whether Kafka acknowledged it. */
  boolean sendAndWait() {
    return send().handle((ok, failure) -> failure == null).join();
  }

  /**
   * Keeps {@link #IN_FLIGHT} batches in flight until {@code count} batches sent from index {@code
   * first} on are acknowledged; fails the test past {@code bound}.
   */
  void sendUntilAcknowledgedFrom(int first, int count, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (acknowledgedFrom(first) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + acknowledgedFrom(first)
                + " of "
                + count
                + " batches acknowledged within "
                + bound.toSeconds()
                + " s ("
                + sent
                + " sent, "
                + failed.get()
                + " failed)");
      }
      inFlight.add(send());
      while (inFlight.size() >= IN_FLIGHT) {
        awaitQuietly(inFlight.poll());
      }
    }
  }

  /** Fills the in-flight window without waiting: batches on the wire for a failure to hit. */
  void sendWithoutWaiting() {
    while (inFlight.size() < IN_FLIGHT) {
      inFlight.add(send());
    }
  }

  void sendUntilAcknowledged(int count, Duration bound) {
    sendUntilAcknowledgedFrom(0, count, bound);
  }

  /** Waits for every batch in flight; each ends within the sink's ack timeout. */
  void drain() {
    while (!inFlight.isEmpty()) {
      awaitQuietly(inFlight.poll());
    }
  }

  int inFlight() {
    return (int) inFlight.stream().filter(f -> !f.isDone()).count();
  }

  int sent() {
    return sent;
  }

  long failed() {
    return failed.get();
  }

  long acknowledged() {
    return acknowledgedAt.size();
  }

  long acknowledgedFrom(int first) {
    return acknowledgedAt.keySet().stream().filter(i -> i >= first).count();
  }

  long acknowledgedBefore(int first) {
    return acknowledgedAt.keySet().stream().filter(i -> i < first).count();
  }

  long acknowledgedSpansBefore(int first) {
    return spansOf.entrySet().stream()
        .filter(e -> e.getKey() < first)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** When the first batch sent from index {@code first} on was acknowledged (nanoTime). */
  long firstAcknowledgedAtFrom(int first) {
    return acknowledgedAt.entrySet().stream()
        .filter(e -> e.getKey() >= first)
        .mapToLong(Map.Entry::getValue)
        .min()
        .orElseThrow();
  }

  Set<SpanKey> acknowledgedSpans() {
    return Collections.unmodifiableSet(acknowledgedSpans);
  }

  private static void awaitQuietly(CompletableFuture<Void> write) {
    // A failed write is the ledger's business (counted, not acknowledged), not the loop's.
    write.handle((ok, failure) -> null).join();
  }
}
