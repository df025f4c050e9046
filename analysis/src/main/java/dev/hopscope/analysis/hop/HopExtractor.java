package dev.hopscope.analysis.hop;

import dev.hopscope.analysis.internal.SpanTree;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import java.util.ArrayList;
import java.util.List;

/** Finds the hops and uninstrumented calls of one (skew-corrected) trace, in trace order. */
public final class HopExtractor {
  private HopExtractor() {}

  public static List<Hop> hops(SpanTree tree) {
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < tree.size(); i++) {
      if (tree.isHopChild(i)) {
        hops.add(hop(tree, tree.parent(i), i));
      }
    }
    return List.copyOf(hops);
  }

  public static List<UninstrumentedPeer> peers(SpanTree tree) {
    List<UninstrumentedPeer> peers = new ArrayList<>();
    for (int i = 0; i < tree.size(); i++) {
      if (tree.isUninstrumentedCall(i)) {
        peers.add(peer(tree, i));
      }
    }
    return List.copyOf(peers);
  }

  /** Receives each hop's measures, as {@link Hop} names them, without a {@link Hop} built. */
  @FunctionalInterface
  public interface HopSink {
    void hop(
        String callerService,
        String calleeService,
        boolean async,
        long clientStartNanos,
        long clientDurationNanos,
        long outboundGapNanos,
        long serverTimeNanos,
        long returnGapNanos,
        boolean error);
  }

  /** Receives each uninstrumented call's measures, as {@link UninstrumentedPeer} names them. */
  @FunctionalInterface
  public interface PeerSink {
    void peer(
        String callerService, String name, long startNanos, long durationNanos, boolean error);
  }

  /**
   * {@link #hops(SpanTree)} for a reader that counts hops rather than shows them: the service graph
   * digests every hop of every stored trace, and the span ids as hex, the names and the objects a
   * {@link Hop} carries were a fifth of that work.
   */
  public static void hops(SpanTree tree, HopSink sink) {
    for (int i = 0; i < tree.size(); i++) {
      if (tree.isHopChild(i)) {
        int client = tree.parent(i);
        sink.hop(
            tree.service(client),
            tree.service(i),
            async(tree, client, i),
            tree.start(client),
            tree.end(client) - tree.start(client),
            tree.start(i) - tree.start(client),
            tree.end(i) - tree.start(i),
            tree.end(client) - tree.end(i),
            error(tree, client, i));
      }
    }
  }

  /**
   * {@link #peers(SpanTree)} for a reader that counts calls: only the peer's name is worked out,
   * not its statement and label.
   */
  public static void peers(SpanTree tree, PeerSink sink) {
    for (int i = 0; i < tree.size(); i++) {
      if (tree.isUninstrumentedCall(i)) {
        Span span = tree.span(i);
        sink.peer(
            tree.service(i),
            PeerNames.name(span.attributes()),
            tree.start(i),
            tree.end(i) - tree.start(i),
            span.status().isError());
      }
    }
  }

  static Hop hop(SpanTree tree, int client, int server) {
    Span clientSpan = tree.span(client);
    Span serverSpan = tree.span(server);
    return new Hop(
        tree.service(client),
        tree.service(server),
        clientSpan.kind(),
        async(tree, client, server),
        clientSpan.spanId().toHex(),
        serverSpan.spanId().toHex(),
        clientSpan.name(),
        serverSpan.name(),
        tree.start(client),
        tree.end(client) - tree.start(client),
        tree.start(server) - tree.start(client),
        tree.end(server) - tree.start(server),
        tree.end(client) - tree.end(server),
        error(tree, client, server),
        tree.offset(server) - tree.offset(client));
  }

  private static boolean async(SpanTree tree, int client, int server) {
    return tree.kind(client) == SpanKind.PRODUCER || tree.kind(server) == SpanKind.CONSUMER;
  }

  private static boolean error(SpanTree tree, int client, int server) {
    return tree.span(client).status().isError() || tree.span(server).status().isError();
  }

  static UninstrumentedPeer peer(SpanTree tree, int client) {
    Span span = tree.span(client);
    String statement = PeerNames.statement(span.attributes());
    return new UninstrumentedPeer(
        tree.service(client),
        PeerNames.name(span.attributes()),
        PeerNames.system(span.attributes()),
        statement,
        PeerNames.label(span.attributes(), statement),
        span.spanId().toHex(),
        span.name(),
        tree.start(client),
        tree.end(client) - tree.start(client),
        span.status().isError());
  }
}
