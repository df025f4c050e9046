package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.digest.TraceDigester;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's trace digests: each block's as written when it was cut or compacted, and one for the
 * head, made from the head's traces when a read first asks and kept until the head changes (a quiet
 * head is digested once, however many maps are drawn from it).
 */
final class TenantDigests {
  private static final Comparator<Span> TRACE_ORDER =
      Comparator.comparingLong(Span::startNanos).thenComparing(Span::spanId);

  private final Optional<TraceDigester> digester;
  private final Object headLock = new Object();
  private @Nullable HeadDigest headDigest;

  /** The head's digest and the head it was made from: each generation and its batches then. */
  private record HeadDigest(List<HeadGeneration> generations, List<Integer> batches, byte[] bytes) {
    boolean madeFrom(List<HeadGeneration> head, List<List<SpanBatch>> headBatches) {
      if (head.size() != generations.size()) {
        return false;
      }
      for (int i = 0; i < head.size(); i++) {
        if (head.get(i) != generations.get(i) || headBatches.get(i).size() != batches.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  TenantDigests(Optional<TraceDigester> digester) {
    this.digester = digester;
  }

  /**
   * Feeds {@code visitor} the digest named {@code name} of every block that may hold a span
   * starting in {@code range}, then the head's; or feeds nothing and returns false when the store
   * has no such digester or a block lacks the digest.
   */
  boolean visit(Snapshot snapshot, String name, TimeRange range, Consumer<byte[]> visitor) {
    if (digester.isEmpty() || !digester.get().name().equals(name)) {
      return false;
    }
    // Every chunk is read and checked before the first goes out: a block found corrupt restarts
    // the read, and a visitor fed twice would count twice.
    List<byte[]> chunks = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.maxStart() < range.startNanos() || block.minStart() >= range.endNanos()) {
        continue;
      }
      Optional<byte[]> chunk = block.digestChunk(name);
      if (chunk.isEmpty()) {
        return false;
      }
      chunks.add(chunk.get());
    }
    if (!snapshot.head().isEmpty()) {
      chunks.add(head(snapshot.head(), digester.get()));
    }
    chunks.forEach(visitor);
    return true;
  }

  private byte[] head(List<HeadGeneration> head, TraceDigester digester) {
    List<List<SpanBatch>> batches = new ArrayList<>(head.size());
    for (HeadGeneration generation : head) {
      batches.add(generation.batches());
    }
    synchronized (headLock) {
      HeadDigest kept = headDigest;
      if (kept != null && kept.madeFrom(head, batches)) {
        return kept.bytes();
      }
      // A trace's spans may sit in several generations: a block cut from them all holds the
      // trace as one run, in trace-id order, so the head is digested the same way. One trace's
      // spans are decoded at a time: the head may hold hundreds of thousands.
      TreeSet<TraceId> ids = new TreeSet<>();
      for (HeadGeneration generation : head) {
        ids.addAll(generation.traceIds());
      }
      TraceDigester.Digest digest = digester.start();
      List<Span> spans = new ArrayList<>();
      for (TraceId id : ids) {
        spans.clear();
        for (HeadGeneration generation : head) {
          generation.trace(id, spans);
        }
        spans.sort(TRACE_ORDER);
        digest.add(spans);
      }
      byte[] bytes = digest.finish();
      headDigest =
          new HeadDigest(List.copyOf(head), batches.stream().map(List::size).toList(), bytes);
      return bytes;
    }
  }
}
