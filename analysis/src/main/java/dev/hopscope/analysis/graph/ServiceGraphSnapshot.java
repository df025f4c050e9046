package dev.hopscope.analysis.graph;

import java.util.List;

/** The service graph read at one moment: nodes by name, edges by caller then callee. */
public record ServiceGraphSnapshot(List<GraphNode> nodes, List<GraphEdge> edges) {
  public ServiceGraphSnapshot {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
