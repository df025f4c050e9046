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
  private static final System.Logger LOG = System.getLogger(TenantDigests.class.getName());
  private static final Comparator<Span> TRACE_ORDER =
      Comparator.comparingLong(Span::startNanos).thenComparing(Span::spanId);

  private final Optional<TraceDigester> digester;
  private final Object headLock = new Object();
  private @Nullable HeadDigest headDigest;

  /**
   * The head's digest and the head it was made from: each generation's segment and its batch count
   * then. Segment ids, not the generations: a cut generation must not stay in memory for a digest.
   */
  private record HeadDigest(List<Long> segments, List<Integer> batches, byte[] bytes) {
    boolean madeFrom(List<HeadGeneration> head, List<List<SpanBatch>> headBatches) {
      if (head.size() != segments.size()) {
        return false;
      }
      for (int i = 0; i < head.size(); i++) {
        if (head.get(i).segmentId() != segments.get(i)
            || headBatches.get(i).size() != batches.get(i)) {
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
      Optional<byte[]> head = head(snapshot.head(), digester.get());
      if (head.isEmpty()) {
        return false;
      }
      chunks.add(head.get());
    }
    chunks.forEach(visitor);
    return true;
  }

  /**
   * The head's digest, or empty when the digester failed on it: the reader then reads traces, as
   * for a block written without a digest.
   */
  private Optional<byte[]> head(List<HeadGeneration> head, TraceDigester digester) {
    List<List<SpanBatch>> batches = new ArrayList<>(head.size());
    for (HeadGeneration generation : head) {
      batches.add(generation.batches());
    }
    synchronized (headLock) {
      HeadDigest kept = headDigest;
      if (kept != null && kept.madeFrom(head, batches)) {
        return Optional.of(kept.bytes());
      }
      // A trace's spans may sit in several generations: a block cut from them all holds the
      // trace as one run, in trace-id order, so the head is digested the same way. One trace's
      // spans are decoded at a time: the head may hold hundreds of thousands.
      TreeSet<TraceId> ids = new TreeSet<>();
      for (HeadGeneration generation : head) {
        ids.addAll(generation.traceIds());
      }
      byte[] bytes;
      try {
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
        bytes = digest.finish();
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "digester " + digester.name() + " failed on the head; reading traces instead",
            e);
        return Optional.empty();
      }
      List<Long> segments = head.stream().map(HeadGeneration::segmentId).toList();
      headDigest = new HeadDigest(segments, batches.stream().map(List::size).toList(), bytes);
      return Optional.of(bytes);
    }
  }
}
