package dev.hopscope.cli.local;

import dev.hopscope.process.ChildServer;
import dev.hopscope.server.config.ClusterConfig.Role;
import dev.hopscope.store.testing.Await;
import dev.hopscope.testkit.AckLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the process ITs read back from a local cluster, and what they measure in it. */
final class ClusterChecks {
  private static final Pattern UPLOADED =
      Pattern.compile(
          "(?m)^hopscope_block_builder_uploaded_spans(?:_total)?(?:\\{[^}]*\\})? ([0-9.eE+]+)$");
  private static final Pattern LIVE_PARTITIONS =
      Pattern.compile("(?m)^hopscope_live_store_partitions ([0-9.eE+]+)$");
  private static final int READERS = 4;

  /**
   * The roles' options plus C1 only: a role's start on a loaded machine is mostly JIT work, and the
   * ITs measure correctness, not throughput (KafkaReplicationIT does the same for brokers).
   */
  static final List<String> TEST_JVM_OPTIONS =
      Stream.concat(
              LocalCluster.Spec.ROLE_JVM_OPTIONS.stream(), Stream.of("-XX:TieredStopAtLevel=1"))
          .toList();

  private ClusterChecks() {}

  /**
   * Reads every acknowledged trace through the reader's Tempo, Jaeger and Zipkin APIs; returns what
   * differs from the ledger (a missing, extra or twice-answered span), at most 20 lines. Waits up
   * to {@code bound} for each trace to be complete in Tempo's answer (it may still be on its way
   * into the view the reader serves); the other two must then agree at once.
   */
  static List<String> readEveryTrace(
      ChildServer reader, List<AckLedger.Trace> traces, String where, Duration bound)
      throws Exception {
    TraceReads reads = new TraceReads();
    String api = reader.api();
    String zipkin = reader.zipkinApi().orElseThrow();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    // Once one trace stayed incomplete for the whole bound, the others get a short one: a test
    // that lost spans fails in seconds rather than after a bound per missing trace.
    AtomicBoolean gaveUp = new AtomicBoolean();
    try (ExecutorService pool = Executors.newFixedThreadPool(READERS)) {
      List<Future<?>> work = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        int first = r;
        work.add(
            pool.submit(
                () -> {
                  for (int i = first; i < traces.size() && problems.size() < 20; i += READERS) {
                    Duration wait = gaveUp.get() ? Duration.ofSeconds(2) : bound;
                    if (!check(reads, api, zipkin, traces.get(i), where, wait, problems)) {
                      gaveUp.set(true);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> done : work) {
        done.get();
      }
    }
    return problems;
  }

  /** False when the trace never became complete in Tempo's answer within the bound. */
  private static boolean check(
      TraceReads reads,
      String api,
      String zipkin,
      AckLedger.Trace trace,
      String where,
      Duration bound,
      List<String> problems)
      throws IOException, InterruptedException {
    List<String> expected = sorted(trace.spanIds());
    String id = trace.traceId();
    List<List<String>> lastTempo = new ArrayList<>(List.of(List.of()));
    try {
      Await.until(
          "trace " + id + " complete in Tempo's answer from " + where,
          bound,
          () -> {
            try {
              lastTempo.set(0, sorted(reads.tempo(api, id)));
              return lastTempo.get(0).equals(expected);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          });
    } catch (AssertionError e) {
      problems.add(where + " Tempo " + id + ": " + diff(expected, lastTempo.get(0)));
      return false;
    }
    List<String> jaeger = sorted(reads.jaeger(api, id));
    if (!jaeger.equals(expected)) {
      problems.add(where + " Jaeger " + id + ": " + diff(expected, jaeger));
    }
    List<String> zipkinIds = sorted(reads.zipkin(zipkin, id));
    if (!zipkinIds.equals(expected)) {
      problems.add(where + " Zipkin " + id + ": " + diff(expected, zipkinIds));
    }
    return true;
  }

  private static String diff(List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    actual.forEach(missing::remove);
    List<String> extra = new ArrayList<>(actual);
    expected.forEach(extra::remove);
    return expected.size()
        + " spans acknowledged, "
        + actual.size()
        + " answered; missing "
        + missing
        + ", extra or twice "
        + extra;
  }

  private static List<String> sorted(List<String> ids) {
    return ids.stream().sorted().toList();
  }

  /** Spans the block-builders uploaded, by their /metrics (a restarted builder counts anew). */
  static long uploadedSpans(LocalCluster cluster) {
    long total = 0;
    for (ChildServer builder : cluster.members(Role.BLOCK_BUILDER)) {
      if (!builder.isAlive()) {
        continue;
      }
      long uploaded = sum(builder, UPLOADED);
      if (uploaded < 0) {
        return -1;
      }
      total += uploaded;
    }
    return total;
  }

  /** The partitions a live store holds now, by its /metrics; -1 when it does not answer. */
  static long livePartitions(ChildServer liveStore) {
    return sum(liveStore, LIVE_PARTITIONS);
  }

  /** The sum of a series over one member's /metrics; -1 when it does not answer. */
  private static long sum(ChildServer member, Pattern series) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(member.api() + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      long total = 0;
      Matcher matcher = series.matcher(metrics.body());
      while (matcher.find()) {
        total += (long) Double.parseDouble(matcher.group(1));
      }
      return total;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** How many of the traces the reader's Tempo API answers incomplete now, each read once. */
  static long incompleteTraces(ChildServer reader, List<AckLedger.Trace> traces)
      throws IOException, InterruptedException {
    TraceReads reads = new TraceReads();
    long incomplete = 0;
    for (AckLedger.Trace trace : traces) {
      if (!sorted(reads.tempo(reader.api(), trace.traceId())).equals(sorted(trace.spanIds()))) {
        incomplete++;
      }
    }
    return incomplete;
  }

  /** Bytes of every object in the bucket (s3proxy keeps them as plain files). */
  static long bucketBytes(LocalCluster cluster) throws IOException {
    Path bucket = cluster.s3().bucketDirectory(LocalCluster.BUCKET);
    try (Stream<Path> files = Files.walk(bucket)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  /** The block directories in the bucket, {@code <tenant>/blocks/p<partition>-<first>-<last>}. */
  static List<Path> blocks(LocalCluster cluster) throws IOException {
    Path bucket = cluster.s3().bucketDirectory(LocalCluster.BUCKET);
    try (Stream<Path> files = Files.walk(bucket)) {
      return files
          .filter(p -> p.getFileName().toString().equals("meta.json"))
          .map(Path::getParent)
          .sorted()
          .toList();
    }
  }
}
