package dev.hopscope.analysis.path;

/** What a stretch of the critical path was spent on. */
public enum SegmentKind {
  /** A span's own time: none of its children were running on the path. */
  WORK,
  /** A call to an uninstrumented peer (database, broker, external API): the client span's time. */
  PEER,
  /** Client start to server start of a hop: the request on the wire, in queues and pools. */
  OUTBOUND_GAP,
  /** Server end to client end of a hop: the response on the wire and its handling. */
  RETURN_GAP,
  /** Time inside the trace that no span covers (missing spans, async hand-offs). */
  UNTRACED
}
