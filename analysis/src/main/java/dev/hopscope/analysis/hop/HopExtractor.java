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

  static Hop hop(SpanTree tree, int client, int server) {
    Span clientSpan = tree.span(client);
    Span serverSpan = tree.span(server);
    return new Hop(
        tree.service(client),
        tree.service(server),
        clientSpan.kind(),
        clientSpan.kind() == SpanKind.PRODUCER || serverSpan.kind() == SpanKind.CONSUMER,
        clientSpan.spanId().toHex(),
        serverSpan.spanId().toHex(),
        clientSpan.name(),
        serverSpan.name(),
        tree.start(client),
        tree.end(client) - tree.start(client),
        tree.start(server) - tree.start(client),
        tree.end(server) - tree.start(server),
        tree.end(client) - tree.end(server),
        clientSpan.status().isError() || serverSpan.status().isError(),
        tree.offset(server) - tree.offset(client));
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
