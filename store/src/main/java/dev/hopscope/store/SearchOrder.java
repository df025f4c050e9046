package dev.hopscope.store;

/** The order of search results; ties break on trace id so that paging is deterministic. */
public enum SearchOrder {
  /** By trace start time, latest first. */
  NEWEST_FIRST,
  /** By trace duration, longest first. */
  LONGEST_FIRST
}
