package dev.hopscope.bench.jmh;

import dev.hopscope.bench.workload.Workload;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks' inputs, all from the end-to-end workload with its fixed seed. */
final class Data {
  /** A fixed instant, so that the same seed gives the same bytes on every run. */
  static final long START_NANOS = 1_764_590_000_000_000_000L;

  private Data() {}

  /** Exactly {@code spans} spans: the first rows of whole-trace batches. */
  static SpanBatch batch(int spans) {
    Workload workload = new Workload(Workload.DEFAULT_SEED);
    SpanBatch.Builder builder = SpanBatch.builder();
    while (builder.size() < spans) {
      SpanBatch next = workload.nextBatch(spans, spans + 30, START_NANOS).spans();
      for (int row = 0; row < next.size() && builder.size() < spans; row++) {
        builder.add(next, row);
      }
    }
    return builder.build();
  }

  /** {@code count} request batches of about {@code spans} spans each, as the load sends them. */
  static List<SpanBatch> requests(int count, int spans) {
    Workload workload = new Workload(Workload.DEFAULT_SEED);
    List<SpanBatch> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(workload.nextBatch(spans, spans + 30, START_NANOS).spans());
    }
    return out;
  }

  /** The spans of {@code batch} in block order: by trace id, then start time. */
  static SpanBatch sortedForBlock(SpanBatch batch) {
    List<Span> spans = new ArrayList<>(batch.toSpans());
    spans.sort(Comparator.comparing((Span s) -> s.traceId()).thenComparingLong(Span::startNanos));
    return SpanBatch.of(spans);
  }

  /** The traces of {@code batch}, each whole. */
  static List<Trace> traces(SpanBatch batch) {
    Map<dev.hopscope.model.TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span span : batch.toSpans()) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    return byTrace.entrySet().stream().map(e -> new Trace(e.getKey(), e.getValue())).toList();
  }

  /** Deletes a benchmark's scratch directory and the files in it (it holds no directories). */
  static void deleteFlatDirectory(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      for (Path path : files.toList()) {
        Files.deleteIfExists(path);
      }
    }
    Files.deleteIfExists(directory);
  }
}
