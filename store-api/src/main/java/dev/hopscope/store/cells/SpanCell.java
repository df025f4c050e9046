package dev.hopscope.store.cells;

import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The spans of one grain that share a service, name, kind and status: how many, their durations
 * summed, the smallest and largest, and two distributions of them — Tempo's power-of-two buckets
 * (what {@code histogram_over_time} reports) and HdrHistogram buckets at two significant digits
 * (what {@code quantile_over_time} reads, the precision the query engine's sketches keep). Counting
 * either from cells gives exactly what counting the spans themselves gives. The arrays are the
 * reader's own and never copied (a query reads tens of thousands of cells): read them, do not keep
 * or change them; two cells are equal only as the same object.
 *
 * @param grain the grain index: the cell holds spans starting in {@code (grain * GRAIN, (grain + 1)
 *     * GRAIN]} (see {@link SpanCells#grainOf})
 * @param service the resource's {@code service.name}, null when the resource has none
 * @param log2Counts per power of two {@code 2^i} (index i, 0..64), the spans whose duration is
 *     above {@code 2^(i-1)} and at most {@code 2^i}; durations under 2 ns in index 0
 * @param durationValues the lowest value of each HdrHistogram bucket that holds spans, ascending
 * @param durationCounts the spans in each of those buckets
 * @param exemplar the slowest span of the cell, null when the cell keeps none
 */
public record SpanCell(
    long grain,
    @Nullable String service,
    String name,
    SpanKind kind,
    StatusCode status,
    long count,
    long sumNanos,
    long minNanos,
    long maxNanos,
    long[] log2Counts,
    long[] durationValues,
    long[] durationCounts,
    @Nullable CellExemplar exemplar) {
  public SpanCell {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    if (log2Counts.length != SpanCells.LOG2_BUCKETS) {
      throw new IllegalArgumentException("log2Counts needs " + SpanCells.LOG2_BUCKETS + " entries");
    }
    if (durationValues.length != durationCounts.length) {
      throw new IllegalArgumentException("durationValues and durationCounts differ in length");
    }
  }
}
