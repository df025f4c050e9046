package dev.hopscope.analysis.graph;

/** What a node of the service graph stands for. */
public enum NodeKind {
  /** A service that reports its own spans. */
  SERVICE,
  /** Something only seen from its callers' CLIENT/PRODUCER spans: a database, broker or API. */
  PEER
}
