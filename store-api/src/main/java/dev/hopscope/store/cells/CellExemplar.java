package dev.hopscope.store.cells;

import dev.hopscope.model.TraceId;
import java.util.Objects;

/** A span a cell points at, so a chart's point can open a real trace. */
public record CellExemplar(TraceId traceId, long spanId, long startNanos, long durationNanos) {
  public CellExemplar {
    Objects.requireNonNull(traceId, "traceId");
  }
}
