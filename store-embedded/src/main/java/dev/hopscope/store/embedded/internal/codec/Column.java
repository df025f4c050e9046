package dev.hopscope.store.embedded.internal.codec;

/**
 * The columns a unit of spans is split into. Each is encoded (and in blocks compressed) on its own,
 * so a search reads only the columns its hints need. The ordinal is the on-disk column number:
 * append new columns at the end and bump the block format version.
 */
public enum Column {
  /** Per run of rows sharing a trace id: high and low 8 bytes, then the run length. */
  TRACE_RUNS,
  /** 8 bytes per row: span ids are random, nothing compresses them. */
  SPAN_ID,
  /** 0 = root, 1 = parent outside the run (8 bytes follow), 2+i = the run's i-th row. */
  PARENT,
  /** Start time, zig-zag delta from the previous row. */
  START,
  /** End minus start, zig-zag. */
  DURATION,
  /** Kind in the low nibble, status code in the high nibble. */
  KIND_STATUS,
  STATUS_MESSAGE,
  NAME,
  TRACE_STATE,
  FLAGS,
  RESOURCE,
  SCOPE,
  /** Dropped attribute, event and link counts. */
  DROPPED,
  ATTRIBUTE_COUNT,
  ATTRIBUTE_KEY,
  ATTRIBUTE_VALUE,
  EVENTS,
  LINKS;

  public static final int COUNT = values().length;
}
