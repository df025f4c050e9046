package dev.hopscope.bench.handrun;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.StoreStats;
import dev.hopscope.store.embedded.WalSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The numbers in store-embedded/RATIONALE.md, run by hand (never by the build): {@code java -cp
 * bench/target/hopscope-bench.jar dev.hopscope.bench.handrun.StoreBenchmark [spans] [dir]
 * [fsync|none]}, optionally with {@code -DrowGroupRows=N}. Seeded synthetic traces: trees of 5–30
 * spans, 10 span attributes of realistic cardinality, 20 services.
 */
public final class StoreBenchmark {
  private static final String TENANT = "bench";
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  private static final String[] TIERS = {"free", "pro", "enterprise"};
  private static final String[] DB = {"postgresql", "redis", "kafka"};

  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path directory =
        args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("hopscope-bench");
    WalSync sync = args.length > 2 && args[2].equals("none") ? WalSync.NONE : WalSync.FSYNC;
    Random random = new Random(42);
    long base = System.currentTimeMillis() * 1_000_000L - Duration.ofHours(2).toNanos();
    Resource[] resources = resources(random);
    List<TraceId> traceIds = new ArrayList<>();
    EmbeddedStoreConfig config =
        EmbeddedStoreConfig.builder(directory)
            .walSync(sync)
            .rowGroupRows(Integer.getInteger("rowGroupRows", 1024))
            .maintenanceInterval(Duration.ofSeconds(1))
            .build();
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config)) {
      // Batches are generated as they are written, so memory holds the head, not the data set.
      Semaphore inFlight = new Semaphore(16);
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      List<CompletableFuture<Void>> pending = new ArrayList<>();
      long generating = 0;
      long generatingCpu = 0;
      long refused = 0;
      int total = 0;
      while (total < spans) {
        long generateStart = System.nanoTime();
        long generateCpuStart = THREADS.getCurrentThreadCpuTime();
        SpanBatch.Builder builder = SpanBatch.builder();
        while (builder.size() < 200 && total + builder.size() < spans) {
          TraceId id = new TraceId(random.nextLong() | 1, random.nextLong());
          traceIds.add(id);
          addTrace(builder, id, base + (long) traceIds.size() * 5_000_000L, random, resources);
        }
        SpanBatch batch = builder.build();
        total += batch.size();
        generating += System.nanoTime() - generateStart;
        generatingCpu += THREADS.getCurrentThreadCpuTime() - generateCpuStart;
        inFlight.acquire();
        CompletableFuture<Void> write;
        // A refused write (the store is behind) is retried after a pause, as a client does
        // after a 503; refusals are the store's backpressure, so their time counts.
        while ((write = store.write(TENANT, batch)).isCompletedExceptionally()) {
          refused++;
          LockSupport.parkNanos(2_000_000);
        }
        pending.add(write.whenComplete((ok, error) -> inFlight.release()));
        pending.removeIf(CompletableFuture::isDone);
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
      // Generating runs on this thread between writes; its time is not the store's.
      double seconds = (System.nanoTime() - start - generating) / 1e9;
      // CPU of every thread (WAL, cuts, compaction) per span: what one dedicated core would do,
      // independent of how many other processes share the machine.
      double cpuSeconds = (processCpuNanos() - cpuStart - generatingCpu) / 1e9;
      System.out.printf(
          "workload: %,d spans in %,d traces%ningest (wal-sync=%s, 16 batches of 200 in flight,"
              + " cuts and compaction running): %,.0f spans/s wall (%,d refusals retried),"
              + " %,.0f spans per CPU-second%n",
          total, traceIds.size(), sync, total / seconds, refused, total / cpuSeconds);
      long cutStart = System.nanoTime();
      store.flush();
      int merges = 0;
      int round;
      while ((round = store.compact()) > 0) {
        merges += round;
      }
      System.out.printf(
          "flush + compaction: %.1f s, %d merges%n", (System.nanoTime() - cutStart) / 1e9, merges);
      // Every span above was written to TENANT, so the store has its stats.
      StoreStats.TenantStats stats =
          Objects.requireNonNull(store.stats().tenants().get(TENANT), "no stats for " + TENANT);
      System.out.printf(
          "on disk after compaction: %,d bytes in %d blocks = %.1f bytes/span%n",
          stats.blockBytes(), stats.blocks(), (double) stats.blockBytes() / total);
      lookups(store, traceIds, random);
      search(store, base);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void lookups(EmbeddedTraceStore store, List<TraceId> ids, Random random) {
    for (int i = 0; i < 200; i++) {
      store.trace(TENANT, ids.get(random.nextInt(ids.size())));
    }
    long[] nanos = new long[2000];
    long[] cpu = new long[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      TraceId id = ids.get(random.nextInt(ids.size()));
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      Optional<Trace> trace = store.trace(TENANT, id);
      nanos[i] = System.nanoTime() - start;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
      if (trace.isEmpty()) {
        throw new IllegalStateException("trace " + id + " is missing");
      }
    }
    Arrays.sort(nanos);
    Arrays.sort(cpu);
    // Wall time includes waiting for a core on a shared machine; CPU time is the work itself.
    System.out.printf(
        "trace by id: wall p50 %.2f ms, p99 %.2f ms; cpu p50 %.2f ms, p99 %.2f ms%n",
        nanos[nanos.length / 2] / 1e6,
        nanos[nanos.length * 99 / 100] / 1e6,
        cpu[cpu.length / 2] / 1e6,
        cpu[cpu.length * 99 / 100] / 1e6);
  }

  private static void search(EmbeddedTraceStore store, long base) {
    long[] nanos = new long[20];
    long[] cpu = new long[nanos.length];
    int found = 0;
    for (int i = 0; i < nanos.length; i++) {
      SearchRequest request =
          new SearchRequest(
              new TimeRange(base, base + Duration.ofHours(3).toNanos()),
              List.of(
                  new SearchHint.AttributeEquals(
                      SearchHint.Scope.SPAN, "user.id", AttributeValue.of("user-" + (1000 + i)))),
              SearchOrder.NEWEST_FIRST,
              Optional.empty());
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      try (Stream<Trace> results = store.search(TENANT, request)) {
        found += (int) results.limit(20).count();
      }
      nanos[i] = System.nanoTime() - start;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }
    Arrays.sort(nanos);
    Arrays.sort(cpu);
    System.out.printf(
        "selective attribute search (span.user.id = one of 20k users, first 20): wall p50 %.1f"
            + " ms, cpu p50 %.1f ms (%d traces returned over %d queries)%n",
        nanos[nanos.length / 2] / 1e6, cpu[cpu.length / 2] / 1e6, found, nanos.length);
  }

  private static Resource[] resources(Random random) {
    Resource[] out = new Resource[20 * 5];
    for (int service = 0; service < 20; service++) {
      for (int host = 0; host < 5; host++) {
        out[service * 5 + host] =
            Resource.of(
                Attributes.builder()
                    .put(Resource.SERVICE_NAME, "service-" + service)
                    .put("service.version", "1." + random.nextInt(3) + ".0")
                    .put("host.name", "host-" + service + "-" + host)
                    .put("deployment.environment.name", "production")
                    .build());
      }
    }
    return out;
  }

  private static void addTrace(
      SpanBatch.Builder batch, TraceId id, long start, Random random, Resource[] resources) {
    int size = 5 + random.nextInt(26);
    long[] spanIds = new long[size];
    long[] starts = new long[size];
    int user = random.nextInt(20_000);
    for (int i = 0; i < size; i++) {
      spanIds[i] = random.nextLong() | 1;
      int parent = i == 0 ? -1 : random.nextInt(i);
      starts[i] = i == 0 ? start : starts[parent] + 10_000 + random.nextInt(200_000);
      long duration = 50_000 + random.nextInt(5_000_000);
      int service = i == 0 ? 0 : 1 + random.nextInt(19);
      int resource = batch.resourceIndex(resources[service * 5 + random.nextInt(5)]);
      int scope =
          batch.scopeIndex(
              dev.hopscope.model.InstrumentationScope.of("io.opentelemetry.okhttp-3.0", "2.31.1"));
      batch
          .beginSpan(resource, scope)
          .traceId(id.high(), id.low())
          .spanId(spanIds[i])
          .parentSpanId(parent < 0 ? 0 : spanIds[parent])
          .name("op-" + service + "-" + random.nextInt(10))
          .kind(i == 0 ? SpanKind.SERVER : (i % 2 == 0 ? SpanKind.CLIENT : SpanKind.SERVER))
          .startNanos(starts[i])
          .endNanos(starts[i] + duration)
          .status(random.nextInt(50) == 0 ? StatusCode.ERROR : StatusCode.UNSET, "")
          .flags(1)
          .attribute("http.method", AttributeValue.of(METHODS[random.nextInt(METHODS.length)]))
          .attribute("http.status_code", AttributeValue.of((long) (200 + 100 * random.nextInt(4))))
          .attribute("http.route", AttributeValue.of("/api/v1/resource/" + random.nextInt(50)))
          .attribute("user.id", AttributeValue.of("user-" + user))
          .attribute("db.system", AttributeValue.of(DB[random.nextInt(DB.length)]))
          .attribute("net.peer.name", AttributeValue.of("peer-" + random.nextInt(20)))
          .attribute("thread.id", AttributeValue.of((long) random.nextInt(100)))
          .attribute("customer.tier", AttributeValue.of(TIERS[random.nextInt(TIERS.length)]))
          .attribute("request.size", AttributeValue.of((long) random.nextInt(100_000)))
          .attribute("cache.hit", AttributeValue.of(random.nextBoolean()))
          .commitSpan();
    }
  }
}
