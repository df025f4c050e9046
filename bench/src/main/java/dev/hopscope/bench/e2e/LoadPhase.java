package dev.hopscope.bench.e2e;

import dev.hopscope.bench.workload.Workload;
import dev.hopscope.process.LoggedProcess;
import dev.hopscope.process.ProcessUsage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the workload on N connections until the time is up (or, with --scale, until N spans were
 * sent), each connection with a generator of its own seeded from the run's seed. A connection sends
 * its next request when the previous one is answered (closed loop), paced with --rate.
 */
final class LoadPhase {
  /** The longest a --scale load may run before it stops by itself. */
  private static final long SCALE_LIMIT_NANOS = TimeUnit.HOURS.toNanos(3);

  private static final int MAX_ATTEMPTS = 20;
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  record Result(
      long spansSent,
      long spansAcknowledged,
      long requests,
      long partial,
      long throttled,
      long failed,
      Latencies post,
      AckLog acks,
      double seconds,
      OptionalDouble serverCpuSeconds,
      Map<String, Double> serverThreadCpuSeconds) {
    double spansPerSecond() {
      return spansAcknowledged / seconds;
    }
  }

  private record Connection(AckLog acks, Latencies post, long[] outcomes) {}

  private LoadPhase() {}

  /**
   * How far before now the next batch is stamped with --spread: the whole spread for the first span
   * of a --scale load, nothing for the last, so the spans cover the spread evenly. Warm-up loads
   * (whose remaining count is unbounded) are stamped now.
   */
  static long spreadOffsetNanos(BenchOptions options, AtomicLong remaining) {
    long left = remaining.get();
    if (options.spread().isZero() || options.scaleSpans() <= 0 || left > options.scaleSpans()) {
      return 0;
    }
    return (long)
        (options.spread().toNanos() * ((double) Math.max(0, left) / options.scaleSpans()));
  }

  /** The measured load: --duration, or --scale spans. */
  static Result run(Target target, BenchOptions options, PrintStream out) throws Exception {
    return run(target, options, "load", 0, options.duration(), options.scaleSpans(), out);
  }

  /**
   * The unmeasured warm-up (JIT, page cache, connection set-up) before {@link #run}; its traces
   * come from other seeds, so no trace id repeats, and they are verified like the rest.
   */
  static Result warmUp(Target target, BenchOptions options, PrintStream out) throws Exception {
    return run(target, options, "warm-up", 1_000, options.warmup(), 0, out);
  }

  private static Result run(
      Target target,
      BenchOptions options,
      String phase,
      int seedOffset,
      java.time.Duration duration,
      long scaleSpans,
      PrintStream out)
      throws Exception {
    int n = options.connections();
    long limit = scaleSpans > 0 ? SCALE_LIMIT_NANOS : duration.toNanos();
    AtomicLong remaining = new AtomicLong(scaleSpans > 0 ? scaleSpans : Long.MAX_VALUE);
    LongAdder sent = new LongAdder();
    LongAdder acked = new LongAdder();
    LongAdder notAcked = new LongAdder();
    OptionalDouble cpuBefore = cpu(target);
    Map<String, Double> threadsBefore = threadCpu(target);
    long start = System.nanoTime();
    long deadline = start + limit;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Connection>> connections = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      long seed = options.seed() * 1_000_003L + seedOffset + c;
      connections.add(
          pool.submit(
              () -> connection(target, options, seed, deadline, remaining, sent, acked, notAcked)));
    }
    pool.shutdown();
    Progress progress = new Progress(out);
    while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      String goal =
          scaleSpans > 0
              ? String.format(" of %,d (%.0f%%)", scaleSpans, 100.0 * sent.sum() / scaleSpans)
              : String.format(" (%.0f of %d s)", elapsed, duration.toSeconds());
      progress.update(
          String.format(
              "  [%s] %s: %,d spans sent%s, %,d acknowledged, %,.0f spans/s, %,d not acknowledged",
              target.name(),
              phase,
              sent.sum(),
              goal,
              acked.sum(),
              acked.sum() / elapsed,
              notAcked.sum()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    OptionalDouble cpuAfter = cpu(target);
    Map<String, Double> threadsAfter = threadCpu(target);
    AckLog acks = new AckLog();
    Latencies post = new Latencies();
    long[] outcomes = new long[Sender.Outcome.values().length];
    for (Future<Connection> future : connections) {
      Connection connection = future.get();
      acks.merge(connection.acks());
      post.addAll(connection.post());
      for (int i = 0; i < outcomes.length; i++) {
        outcomes[i] += connection.outcomes()[i];
      }
    }
    progress.done(
        String.format(
            "  [%s] %s: %,d spans acknowledged in %.1f s (%,.0f spans/s), %,d not acknowledged",
            target.name(), phase, acks.spans(), seconds, acks.spans() / seconds, notAcked.sum()));
    OptionalDouble cpu =
        cpuBefore.isPresent() && cpuAfter.isPresent()
            ? OptionalDouble.of(cpuAfter.getAsDouble() - cpuBefore.getAsDouble())
            : OptionalDouble.empty();
    return new Result(
        sent.sum(),
        acks.spans(),
        post.count() + outcomes[Sender.Outcome.THROTTLED.ordinal()],
        outcomes[Sender.Outcome.PARTIAL.ordinal()],
        outcomes[Sender.Outcome.THROTTLED.ordinal()],
        outcomes[Sender.Outcome.FAILED.ordinal()],
        post,
        acks,
        seconds,
        cpu,
        since(threadsBefore, threadsAfter));
  }

  private static Map<String, Double> threadCpu(Target target) {
    return target.process().map(p -> ProcessUsage.threadCpuSeconds(p.pid())).orElse(Map.of());
  }

  /** Each thread name's CPU-seconds from {@code before} to {@code after}. */
  static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((name, seconds) -> used.put(name, seconds - before.getOrDefault(name, 0.0)));
    return used;
  }

  private static OptionalDouble cpu(Target target) {
    return target.process().map(LoggedProcess::cpuSeconds).orElse(OptionalDouble.empty());
  }

  private static Connection connection(
      Target target,
      BenchOptions options,
      long seed,
      long deadline,
      AtomicLong remaining,
      LongAdder sent,
      LongAdder acked,
      LongAdder notAcked)
      throws InterruptedException {
    Workload workload = new Workload(seed);
    AckLog acks = new AckLog();
    Latencies post = new Latencies();
    long[] outcomes = new long[Sender.Outcome.values().length];
    int batchSpans = options.batchSpans();
    long interval =
        options.rate() > 0
            ? (long) (batchSpans / (options.rate() / options.connections()) * 1e9)
            : 0;
    long nextSend = System.nanoTime();
    try (Sender sender = target.newSender()) {
      while (System.nanoTime() < deadline && remaining.get() > 0) {
        if (interval > 0) {
          long wait = nextSend - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
            continue; // re-check the deadline after waking
          }
          nextSend += interval;
        }
        Workload.Batch batch =
            workload.nextBatch(
                batchSpans,
                batchSpans + 30,
                System.currentTimeMillis() * 1_000_000L - spreadOffsetNanos(options, remaining));
        remaining.addAndGet(-batch.spans().size());
        byte[] body = sender.encode(batch.spans());
        Sender.Outcome outcome = null;
        long backoff = MIN_BACKOFF_NANOS;
        // Throttled requests are sent again after the Retry-After the server asked for (or a
        // doubling backoff), as an OTLP exporter does; each answer counts as one request.
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          long begin = System.nanoTime();
          outcome = sender.send(body);
          outcomes[outcome.ordinal()]++;
          if (outcome != Sender.Outcome.THROTTLED) {
            post.add(System.nanoTime() - begin); // POST latency is that of answered requests
          }
          if (outcome != Sender.Outcome.THROTTLED || System.nanoTime() >= deadline) {
            break;
          }
          long wait = sender.retryAfterNanos() > 0 ? sender.retryAfterNanos() : backoff;
          LockSupport.parkNanos(Math.min(wait, MAX_BACKOFF_NANOS));
          backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
        sent.add(batch.spans().size());
        if (outcome == Sender.Outcome.ACKNOWLEDGED) {
          acks.add(batch);
          acked.add(batch.spans().size());
        } else {
          notAcked.add(batch.spans().size());
        }
      }
    }
    return new Connection(acks, post, outcomes);
  }
}
