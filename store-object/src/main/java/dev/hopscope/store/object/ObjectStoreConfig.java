package dev.hopscope.store.object;

import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.BlockFileWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * How an {@link ObjectTraceStore} reads and writes. Build with {@link #builder(Path)}; every field
 * is checked.
 */
public final class ObjectStoreConfig {
  private final Path cacheDirectory;
  private final long cacheBytes;
  private final Duration metaRefresh;
  private final Duration retention;
  private final InstantSource clock;
  private final int zstdLevel;
  private final int rowGroupRows;
  private final Optional<ToIntFunction<TraceId>> partitioner;

  private ObjectStoreConfig(Builder b) {
    cacheDirectory = b.cacheDirectory;
    cacheBytes = b.cacheBytes;
    metaRefresh = b.metaRefresh;
    retention = b.retention;
    clock = b.clock;
    zstdLevel = b.zstdLevel;
    rowGroupRows = b.rowGroupRows;
    partitioner = b.partitioner;
  }

  /** Settings with defaults, keeping downloaded blocks and tails under {@code cacheDirectory}. */
  public static Builder builder(Path cacheDirectory) {
    return new Builder(cacheDirectory);
  }

  public Path cacheDirectory() {
    return cacheDirectory;
  }

  public long cacheBytes() {
    return cacheBytes;
  }

  public Duration metaRefresh() {
    return metaRefresh;
  }

  public Duration retention() {
    return retention;
  }

  public InstantSource clock() {
    return clock;
  }

  public int zstdLevel() {
    return zstdLevel;
  }

  public int rowGroupRows() {
    return rowGroupRows;
  }

  /** The partition a trace's spans go to, when known; trace by id then reads only its blocks. */
  public Optional<ToIntFunction<TraceId>> partitioner() {
    return partitioner;
  }

  long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Collects settings; unset ones take the defaults documented on each method. */
  public static final class Builder {
    private final Path cacheDirectory;
    private long cacheBytes = 1L << 30;
    private Duration metaRefresh = Duration.ofSeconds(15);
    private Duration retention = Duration.ofDays(7);
    private InstantSource clock = InstantSource.system();
    // The embedded engine's defaults, so a block is the same whichever path wrote it.
    private int zstdLevel = 3;
    private int rowGroupRows = 1024;
    private Optional<ToIntFunction<TraceId>> partitioner = Optional.empty();

    private Builder(Path cacheDirectory) {
      this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    }

    /** Bytes of downloaded block files kept on local disk, least recently used out; 1 GiB. */
    public Builder cacheBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException(
            "cacheBytes must be positive; received "
                + bytes
                + " (the local block cache needs room)");
      }
      this.cacheBytes = bytes;
      return this;
    }

    /**
     * How old a tenant's list of blocks may get before a read lists the bucket again; default 15 s.
     * Blocks uploaded by other processes become visible within this time.
     */
    public Builder metaRefresh(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "metaRefresh must not be negative; received "
                + interval
                + " (zero lists on every read)");
      }
      this.metaRefresh = interval;
      return this;
    }

    /** {@link ObjectTraceStore#enforceRetention} deletes blocks that ended longer ago; 7 days. */
    public Builder retention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive; received " + retention);
      }
      this.retention = retention;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** zstd level of blocks cut by {@link ObjectTraceStore#write}, 1 to 19; default 3. */
    public Builder zstdLevel(int level) {
      this.zstdLevel = BlockFileWriter.requireZstdLevel(level);
      return this;
    }

    /** Rows per row group of blocks cut by {@link ObjectTraceStore#write}; default 1024. */
    public Builder rowGroupRows(int rows) {
      this.rowGroupRows = BlockFileWriter.requireRowGroupRows(rows);
      return this;
    }

    /**
     * How distributors map a trace id to a Kafka partition. With it, trace by id skips blocks of
     * other partitions (blocks written without Kafka, partition -1, are always read); without it,
     * every block's bloom filter is asked. Default: none.
     */
    public Builder partitioner(ToIntFunction<TraceId> partitioner) {
      this.partitioner = Optional.of(partitioner);
      return this;
    }

    public ObjectStoreConfig build() {
      return new ObjectStoreConfig(this);
    }
  }
}
