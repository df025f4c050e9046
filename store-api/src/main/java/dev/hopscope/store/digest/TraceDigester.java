package dev.hopscope.store.digest;

import dev.hopscope.model.Span;
import java.util.List;

/**
 * Summarises traces as a store writes them, so that an answer over many traces (the service graph)
 * reads a few small digests instead of every span. The store knows nothing of what a digest holds:
 * it hands each trace's spans to {@link Digest#add} as a block is written (cut from the head or
 * merged by compaction, which digests the merged traces afresh), keeps the bytes {@link
 * Digest#finish} returns beside the block, and gives them back to readers. Compaction brings the
 * parts of a trace that were cut into different blocks together, so its digests count the whole
 * trace where the first ones counted each part on its own.
 *
 * <p>Implementations must be thread-safe factories: a store may write several blocks at once.
 */
public interface TraceDigester {
  /**
   * Names what the digest holds and its version, e.g. {@code "service-graph/1"}. A store keeps it
   * with every digest and gives back only digests of the name asked for, so a changed digester
   * never reads bytes an older one wrote: those blocks count as having no digest.
   */
  String name();

  /** A digest for one new block. */
  Digest start();

  /** The digest of one block while it is written; used by one thread. */
  interface Digest {
    /**
     * Adds the spans one block holds of one trace, in (start, span id) order; each trace comes once
     * per block. Must not keep the list.
     */
    void add(List<Span> spans);

    /** The digest's bytes; called once, after the last {@link #add}. */
    byte[] finish();
  }
}
