package dev.hopscope.store.object;

import dev.hopscope.store.StoreException;
import dev.hopscope.store.embedded.internal.block.BlockTail;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Puts a finished block file into the bucket so that no reader ever sees half of it: the data
 * object first, then {@code meta.json} with {@code If-None-Match: *}. Readers list metas, so until
 * the meta exists the block does not exist for them; a crash between the two leaves an invisible
 * data object that the next attempt (same deterministic id) overwrites.
 *
 * <p>Redoing an upload is safe: if the meta already exists the block is complete and nothing is
 * written (so a finished block's data is never replaced while readers fetch ranges of it). Where
 * the service ignores the conditional header, two builders racing on one id both write the same
 * bytes (same records, same writer settings); the meta's {@code fileCrc32c} lets readers notice if
 * that assumption ever breaks.
 */
public final class BlockUploader {
  private static final System.Logger LOG = System.getLogger(BlockUploader.class.getName());

  private final ObjectStorage storage;
  private final InstantSource clock;

  public BlockUploader(ObjectStorage storage, InstantSource clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Uploads {@code localBlockFile} as block {@code blockId} of {@code tenant} and returns its meta
   * (the one already in the bucket when the block was uploaded before).
   */
  public BlockMeta upload(
      String tenant, String blockId, Path localBlockFile, BlockMetaInput input) {
    return upload(tenant, blockId, localBlockFile, input, () -> true).orElseThrow();
  }

  /**
   * As {@link #upload(String, String, Path, BlockMetaInput)}, asking {@code mayPublish} between the
   * data and the meta: when it says no, the meta is not written (the block stays invisible, its
   * data an orphan a redo overwrites) and the answer is empty. A compactor that lost its lease
   * stops there.
   */
  public Optional<BlockMeta> upload(
      String tenant,
      String blockId,
      Path localBlockFile,
      BlockMetaInput input,
      BooleanSupplier mayPublish) {
    String metaKey = BlockKeys.metaKey(tenant, blockId);
    String dataKey = BlockKeys.dataKey(tenant, blockId);
    BlockMeta meta = describe(tenant, blockId, localBlockFile, input);
    if (storage.exists(metaKey)) {
      LOG.log(
          Level.INFO,
          "block {0} of tenant {1} is already uploaded; nothing to do",
          blockId,
          tenant);
      return Optional.of(existing(metaKey, meta));
    }
    storage.put(dataKey, localBlockFile);
    if (!mayPublish.getAsBoolean()) {
      return Optional.empty();
    }
    if (!storage.putIfAbsent(metaKey, meta.toJson(), "application/json")) {
      // Another builder finished the same block between our check and our meta: its meta wins,
      // and the data we wrote is the same records in the same order.
      return Optional.of(existing(metaKey, meta));
    }
    return Optional.of(meta);
  }

  private BlockMeta existing(String metaKey, BlockMeta ours) {
    return storage.get(metaKey).map(BlockMeta::fromJson).orElse(ours);
  }

  private BlockMeta describe(String tenant, String blockId, Path file, BlockMetaInput input) {
    try {
      BlockTail tail = BlockTail.read(file);
      return new BlockMeta(
          blockId,
          tenant,
          input.partition(),
          input.firstOffset(),
          input.lastOffset(),
          tail.minStart(),
          tail.maxEnd(),
          tail.rows(),
          Files.size(file),
          tail.formatVersion(),
          tail.offset(),
          tail.fileCrc(),
          clock.instant(),
          input.replaces());
    } catch (IOException e) {
      throw new StoreException(
          "could not read block file "
              + file
              + " to upload it as "
              + blockId
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
