package dev.hopscope.store.embedded;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.internal.Catalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The engine's read path (trace by id, search, catalog, scan) over block files someone else keeps:
 * no WAL, head or manifest. Object storage (cluster mode) downloads blocks into a local cache and
 * answers through this, so its answers are the embedded store's by construction: parts of a trace
 * in different blocks are joined, exact duplicate spans returned once, hints never change answers.
 * Read-only: a block found corrupt is reported to {@link Blocks#corrupt} and left out of the retry,
 * never moved or deleted here.
 */
public final class BlockFilesReader {
  /** Where the blocks come from. */
  public interface Blocks {
    /**
     * The blocks one read runs over, each with a reference taken ({@link Block#acquire}) that the
     * read releases when it ends (for a search: when its stream is closed).
     */
    List<Block> acquire();

    /**
     * A block failed its checksums or did not decode during a read; the read goes on without it.
     */
    void corrupt(Block block, RuntimeException problem);
  }

  private final Blocks blocks;
  private final TenantReader reader;
  // Blocks reported corrupt by this reader: left out when a read starts over, whatever acquire
  // says.
  private final Set<Block> corrupt = ConcurrentHashMap.newKeySet();
  // The blocks reads were given, by file: a corruption found deep in a read names only the file.
  private final Map<Path, Block> handedOut = new ConcurrentHashMap<>();

  public BlockFilesReader(Blocks blocks) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.reader = new TenantReader(new Owner());
  }

  public Optional<Trace> trace(TraceId id) {
    return reader.trace(Objects.requireNonNull(id, "id"));
  }

  /** As {@code TraceSource.search}: close the stream to release the blocks. */
  public Stream<Trace> search(SearchRequest request) {
    return reader.search(Objects.requireNonNull(request, "request"));
  }

  public List<String> services(TimeRange range) {
    return List.copyOf(reader.catalog(s -> TenantCatalog.services(s, range)));
  }

  public List<String> operations(String service, TimeRange range) {
    return List.copyOf(reader.catalog(s -> TenantCatalog.operations(s, service, range)));
  }

  public List<String> attributeNames(TimeRange range) {
    return List.copyOf(reader.catalog(s -> TenantCatalog.attributeNames(s, range)));
  }

  public List<String> attributeValues(
      String scopedName, String prefix, TimeRange range, int limit) {
    Catalog.requirePositiveLimit(limit);
    Catalog.ScopedName name = Catalog.parse(scopedName);
    return Catalog.firstN(
        reader.catalog(s -> TenantCatalog.attributeValues(s, name, prefix, range)), limit);
  }

  /** As {@code TraceSource.scan(tenant, range, limit, consumer)}. */
  public boolean scan(TimeRange range, int limit, Consumer<Trace> consumer) {
    return reader.scan(range, limit, consumer);
  }

  private final class Owner implements TenantReader.Owner {
    @Override
    public Snapshot snapshot() {
      List<Block> held = new ArrayList<>();
      for (Block block : blocks.acquire()) {
        if (corrupt.contains(block)) {
          block.release();
        } else {
          held.add(block);
          handedOut.put(block.file(), block);
        }
      }
      return new Snapshot(List.of(), held, ReadPool.sequential());
    }

    @Override
    public void quarantine(Block block, CorruptBlockException problem) {
      if (corrupt.add(block)) {
        blocks.corrupt(block, problem);
      }
    }

    @Override
    public void quarantine(CorruptBlockException problem) {
      Block block = handedOut.get(problem.file());
      if (block != null) {
        quarantine(block, problem);
      }
    }
  }
}
