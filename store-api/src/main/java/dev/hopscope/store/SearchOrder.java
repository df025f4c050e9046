package dev.hopscope.store;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;

/** The order of search results; ties break on trace id so that paging is deterministic. */
public enum SearchOrder {
  /** By trace start time, latest first. */
  NEWEST_FIRST,
  /** By trace duration, longest first. */
  LONGEST_FIRST;

  /** The key this order sorts on (descending), as carried in a {@link SearchCursor}. */
  public long sortKey(Trace trace) {
    return this == NEWEST_FIRST ? trace.startNanos() : trace.durationNanos();
  }

  /**
   * Compares two positions in this order: negative when {@code (keyA, idA)} comes first. Keys sort
   * descending, ids ascending (unsigned), so every store agrees on one total order.
   */
  public static int compare(long keyA, TraceId idA, long keyB, TraceId idB) {
    int byKey = Long.compare(keyB, keyA);
    return byKey != 0 ? byKey : idA.compareTo(idB);
  }

  /** True when a trace at {@code (key, id)} comes strictly after the cursor. */
  public static boolean isAfter(long key, TraceId id, SearchCursor cursor) {
    return compare(key, id, cursor.sortKey(), cursor.traceId()) > 0;
  }
}
