package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.hop.HopExtractor;
import dev.hopscope.analysis.hop.UninstrumentedPeer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Mergeable state of who calls whom: one entry per (caller, callee) with counts and latency
 * sketches. Build one per tenant and minute at ingest, merge them for any time range; merging is
 * associative and commutative, so the order of minutes does not change an answer. Not thread-safe:
 * give each writer its own graph and merge.
 */
public final class ServiceGraph {
  private final Map<EdgeKey, EdgeState> edges = new TreeMap<>();
  // The same edges by hash: a digest looks an edge up for every call of every trace, and the
  // ordered map's three string comparisons per step were a visible share of cutting a block.
  private final Map<EdgeKey, EdgeState> edgeIndex = new HashMap<>();
  private final Map<String, NodeKind> nodes = new TreeMap<>();

  private ServiceGraph() {}

  public static ServiceGraph create() {
    return new ServiceGraph();
  }

  /** Adds the hops and uninstrumented calls of one analyzed trace. */
  public void add(TraceAnalysis analysis) {
    Objects.requireNonNull(analysis, "analysis");
    addNode(analysis.rootService());
    for (Hop hop : analysis.hops()) {
      addHop(hop);
    }
    for (UninstrumentedPeer peer : analysis.peers()) {
      addPeer(peer);
    }
  }

  /** Adds a service that calls nobody and nobody calls (yet): a trace's root service. */
  public void addNode(String service) {
    if (!service.isEmpty()) {
      nodes.putIfAbsent(service, NodeKind.SERVICE);
    }
  }

  public void addHop(Hop hop) {
    addHop(
        hop.callerService(),
        hop.calleeService(),
        hop.async(),
        hop.clientStartNanos(),
        hop.clientDurationNanos(),
        hop.outboundGapNanos(),
        hop.serverTimeNanos(),
        hop.returnGapNanos(),
        hop.error());
  }

  /** {@link #addHop(Hop)} from the hop's measures; the shape of {@link HopExtractor.HopSink}. */
  void addHop(
      String callerService,
      String calleeService,
      boolean async,
      long clientStartNanos,
      long clientDurationNanos,
      long outboundGapNanos,
      long serverTimeNanos,
      long returnGapNanos,
      boolean error) {
    EdgeState edge = edge(callerService, calleeService, NodeKind.SERVICE);
    edge.call(clientStartNanos, error);
    edge.clientDuration.record(clientDurationNanos);
    edge.outboundGap.record(outboundGapNanos);
    // A producer does not wait for its consumer: its "return gap" measures nothing.
    if (!async) {
      edge.returnGap.record(returnGapNanos);
    }
    edge.serverTime.record(serverTimeNanos);
  }

  public void addPeer(UninstrumentedPeer peer) {
    addPeer(
        peer.callerService(), peer.name(), peer.startNanos(), peer.durationNanos(), peer.error());
  }

  /** {@link #addPeer(UninstrumentedPeer)} from the call's measures. */
  void addPeer(
      String callerService, String name, long startNanos, long durationNanos, boolean error) {
    EdgeState edge = edge(callerService, name, NodeKind.PEER);
    edge.call(startNanos, error);
    edge.clientDuration.record(durationNanos);
  }

  private EdgeState edge(String caller, String callee, NodeKind calleeKind) {
    EdgeKey key = new EdgeKey(caller, callee, calleeKind);
    EdgeState state = edgeIndex.get(key);
    if (state != null) {
      return state; // its nodes were recorded when the edge was made
    }
    nodes.put(caller, NodeKind.SERVICE);
    // A name seen as a real service wins over the same name seen only as a peer.
    nodes.merge(callee, calleeKind, (old, now) -> old == NodeKind.SERVICE ? old : now);
    state = new EdgeState();
    putEdge(key, state);
    return state;
  }

  /** Adds everything in {@code other} to this graph; {@code other} is unchanged. */
  public void merge(ServiceGraph other) {
    other.nodes.forEach(
        (name, kind) -> nodes.merge(name, kind, (a, b) -> a == NodeKind.SERVICE ? a : b));
    other.edges.forEach(
        (key, state) -> {
          EdgeState mine = edgeIndex.get(key);
          if (mine == null) {
            mine = new EdgeState();
            putEdge(key, mine);
          }
          mine.merge(state);
        });
  }

  public ServiceGraph copy() {
    ServiceGraph copy = new ServiceGraph();
    copy.merge(this);
    return copy;
  }

  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  /**
   * Reads the graph. Rates are over the time each edge's calls cover (first to last call), not over
   * the window that was asked for: a shop that has run for one minute of a one-hour window made 20
   * calls a second, not 0.33.
   */
  public ServiceGraphSnapshot snapshot() {
    Map<String, long[]> nodeCounts = new TreeMap<>();
    List<GraphEdge> out = new ArrayList<>(edges.size());
    edges.forEach(
        (key, state) -> {
          nodeCounts.computeIfAbsent(key.caller(), k -> new long[3])[1] += state.requests;
          long[] callee = nodeCounts.computeIfAbsent(key.callee(), k -> new long[3]);
          callee[0] += state.requests;
          callee[2] += state.errors;
          out.add(
              new GraphEdge(
                  key.caller(),
                  key.callee(),
                  key.calleeKind(),
                  state.requests,
                  state.errors,
                  state.requestsPerSecond(),
                  state.lastStartNanos < state.firstStartNanos ? 0 : state.firstStartNanos,
                  state.lastStartNanos < state.firstStartNanos ? 0 : state.lastStartNanos,
                  state.requests == 0 ? 0 : (double) state.errors / state.requests,
                  state.clientDuration.percentiles(),
                  state.outboundGap.percentiles(),
                  state.returnGap.percentiles(),
                  state.serverTime.percentiles()));
        });
    List<GraphNode> nodeList = new ArrayList<>(nodes.size());
    nodes.forEach(
        (name, kind) -> {
          long[] counts = nodeCounts.getOrDefault(name, new long[3]);
          nodeList.add(new GraphNode(name, kind, counts[0], counts[1], counts[2]));
        });
    return new ServiceGraphSnapshot(nodeList, out);
  }

  /** A versioned binary form for persisting a graph (typically one tenant-minute). */
  public byte[] toBytes() {
    return ServiceGraphCodec.encode(nodes, edges);
  }

  /**
   * Reads {@link #toBytes()} output.
   *
   * @throws IllegalArgumentException naming the problem when the bytes are not a graph
   */
  public static ServiceGraph fromBytes(byte[] bytes) {
    ServiceGraph graph = new ServiceGraph();
    ServiceGraphCodec.decodeInto(bytes, graph);
    return graph;
  }

  void putNode(String name, NodeKind kind) {
    nodes.put(name, kind);
  }

  void putEdge(EdgeKey key, EdgeState state) {
    edges.put(key, state);
    edgeIndex.put(key, state);
  }

  record EdgeKey(String caller, String callee, NodeKind calleeKind) implements Comparable<EdgeKey> {
    @Override
    public int compareTo(EdgeKey other) {
      int byCaller = caller.compareTo(other.caller);
      if (byCaller != 0) {
        return byCaller;
      }
      int byCallee = callee.compareTo(other.callee);
      return byCallee != 0 ? byCallee : calleeKind.compareTo(other.calleeKind);
    }
  }
}
