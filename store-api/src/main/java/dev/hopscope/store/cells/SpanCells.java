package dev.hopscope.store.cells;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Counts spans into {@link SpanCell}s, one per grain and (service, name, kind, status). A block
 * writer feeds it every row it writes; a store reading its head feeds it the head's rows.
 */
public final class SpanCells {
  /**
   * 15 seconds: it divides every whole-minute step and Tempo's default step for every range of an
   * hour or more (about 240 points, rounded to 15 s multiples), so those queries need no span.
   */
  public static final long GRAIN_NANOS = 15_000_000_000L;

  /** Powers of two 2^0 .. 2^64. */
  public static final int LOG2_BUCKETS = 65;

  /** HdrHistogram's bucket layout at two significant digits: a pure function of the value. */
  private static final Histogram LAYOUT = new Histogram(2);

  private static final Comparator<SpanCell> ORDER =
      Comparator.comparingLong(SpanCell::grain)
          .thenComparing(SpanCell::service, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(SpanCell::name)
          .thenComparing(SpanCell::kind)
          .thenComparing(SpanCell::status);

  private final Map<Key, Accumulator> cells = new HashMap<>();
  private boolean exact = true;

  /** The grain holding a span that starts at {@code startNanos}: steps are right-closed. */
  public static long grainOf(long startNanos) {
    return Math.floorDiv(startNanos - 1, GRAIN_NANOS);
  }

  /** The power-of-two bucket of a duration, as {@link SpanCell#log2Counts} indexes it. */
  public static int log2Index(long durationNanos) {
    long d = Math.max(0, durationNanos);
    return d < 2 ? 0 : 64 - Long.numberOfLeadingZeros(d - 1);
  }

  /** The lowest value of the two-significant-digit bucket holding a duration. */
  public static long durationBucket(long durationNanos) {
    return LAYOUT.lowestEquivalentValue(Math.max(0, durationNanos));
  }

  /** Counts one row. */
  public void add(SpanBatch batch, int row) {
    @Nullable String service = service(batch.resource(row));
    Key key =
        new Key(
            grainOf(batch.startNanos(row)),
            service,
            batch.name(row),
            batch.kind(row),
            batch.statusCode(row));
    cells
        .computeIfAbsent(key, k -> new Accumulator())
        .add(
            batch.durationNanos(row),
            batch.traceIdHigh(row),
            batch.traceIdLow(row),
            batch.spanId(row),
            batch.startNanos(row));
  }

  /**
   * Adds a cell counted elsewhere, as if its rows were added here: compaction adds its inputs'
   * cells instead of counting every row again. Counts, sums and buckets add; min and max take the
   * extremes; the exemplar stays the longest span, on a tie the first in block order (trace id,
   * start, span id), which is the one counting the rows in that order keeps.
   */
  public void add(SpanCell cell) {
    cells
        .computeIfAbsent(
            new Key(cell.grain(), cell.service(), cell.name(), cell.kind(), cell.status()),
            k -> new Accumulator())
        .add(cell);
  }

  /**
   * Takes back one row added before: compaction writes one of two equal spans, after adding both
   * inputs' cells. An equal row stays counted, so the row's cell keeps its min, max and exemplar.
   */
  public void remove(SpanBatch batch, int row) {
    Key key =
        new Key(
            grainOf(batch.startNanos(row)),
            service(batch.resource(row)),
            batch.name(row),
            batch.kind(row),
            batch.statusCode(row));
    Accumulator accumulator = cells.get(key);
    if (accumulator == null) {
      throw new IllegalStateException("no cell counted the row to take back: " + key);
    }
    accumulator.remove(batch.durationNanos(row));
  }

  /**
   * False once a resource's {@code service.name} was not a string: a cell keys services as text, so
   * {@code resource.service.name = 5} could not be told apart from {@code = "5"}. Whoever keeps
   * these cells then reports them unusable, and queries read the spans.
   */
  public boolean exact() {
    return exact;
  }

  public boolean isEmpty() {
    return cells.isEmpty();
  }

  /** The cells, ordered by grain, service (no service first), name, kind and status. */
  public List<SpanCell> cells() {
    List<SpanCell> out = new ArrayList<>(cells.size());
    cells.forEach((key, value) -> out.add(value.toCell(key)));
    out.sort(ORDER);
    return out;
  }

  private @Nullable String service(Resource resource) {
    AttributeValue value = resource.serviceNameValue();
    if (value == null) {
      return null;
    }
    if (value instanceof AttributeValue.StringValue text) {
      return text.value();
    }
    exact = false;
    return value.asText();
  }

  private record Key(
      long grain, @Nullable String service, String name, SpanKind kind, StatusCode status) {}

  private static final class Accumulator {
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private final long[] log2 = new long[LOG2_BUCKETS];
    private final DurationCounts buckets = new DurationCounts();
    private long exemplarHigh;
    private long exemplarLow;
    private long exemplarSpan;
    private long exemplarStart;
    private long exemplarDuration = Long.MIN_VALUE;

    void add(long duration, long traceHigh, long traceLow, long spanId, long start) {
      count++;
      sum += duration;
      min = Math.min(min, duration);
      max = Math.max(max, duration);
      log2[log2Index(duration)]++;
      buckets.add(durationBucket(duration), 1);
      if (duration > exemplarDuration) {
        exemplarDuration = duration;
        exemplarHigh = traceHigh;
        exemplarLow = traceLow;
        exemplarSpan = spanId;
        exemplarStart = start;
      }
    }

    void add(SpanCell cell) {
      count += cell.count();
      sum += cell.sumNanos();
      min = Math.min(min, cell.minNanos());
      max = Math.max(max, cell.maxNanos());
      long[] cellLog2 = cell.log2Counts();
      for (int i = 0; i < LOG2_BUCKETS; i++) {
        log2[i] += cellLog2[i];
      }
      buckets.addAll(cell);
      CellExemplar exemplar = cell.exemplar();
      if (exemplar != null
          && (exemplar.durationNanos() > exemplarDuration
              || (exemplar.durationNanos() == exemplarDuration && precedesExemplar(exemplar)))) {
        exemplarDuration = exemplar.durationNanos();
        exemplarHigh = exemplar.traceId().high();
        exemplarLow = exemplar.traceId().low();
        exemplarSpan = exemplar.spanId();
        exemplarStart = exemplar.startNanos();
      }
    }

    /** Whether {@code other} comes before the current exemplar in block order. */
    private boolean precedesExemplar(CellExemplar other) {
      int c = Long.compareUnsigned(other.traceId().high(), exemplarHigh);
      if (c == 0) {
        c = Long.compareUnsigned(other.traceId().low(), exemplarLow);
      }
      if (c == 0) {
        c = Long.compare(other.startNanos(), exemplarStart);
      }
      if (c == 0) {
        c = Long.compareUnsigned(other.spanId(), exemplarSpan);
      }
      return c < 0;
    }

    void remove(long duration) {
      count--;
      sum -= duration;
      log2[log2Index(duration)]--;
      buckets.add(durationBucket(duration), -1);
    }

    SpanCell toCell(Key key) {
      long[][] sorted = buckets.sorted();
      return new SpanCell(
          key.grain(),
          key.service(),
          key.name(),
          key.kind(),
          key.status(),
          count,
          sum,
          min,
          max,
          log2.clone(),
          sorted[0],
          sorted[1],
          new CellExemplar(
              new dev.hopscope.model.TraceId(exemplarHigh, exemplarLow),
              exemplarSpan,
              exemplarStart,
              exemplarDuration));
    }
  }
}
