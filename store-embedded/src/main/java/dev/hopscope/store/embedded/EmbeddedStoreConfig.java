package dev.hopscope.store.embedded;

import dev.hopscope.store.digest.TraceDigester;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link EmbeddedTraceStore} runs. Build with {@link #builder(Path)}; every field is
 * checked.
 */
public final class EmbeddedStoreConfig {
  private final Path dataDirectory;
  private final WalSync walSync;
  private final int blockMaxSpans;
  private final Duration blockMaxAge;
  private final int compactedBlockSpans;
  private final Duration compactionWindow;
  private final Duration retention;
  private final long retentionBytes;
  private final long totalRetentionBytes;
  private final Map<String, Duration> retentionByTenant;
  private final Map<String, Long> retentionBytesByTenant;
  private final long maxDiskBytes;
  private final int rowGroupRows;
  private final int zstdLevel;
  private final InstantSource clock;
  private final Duration maintenanceInterval;
  private final int readThreads;
  private final java.util.Optional<TraceDigester> digester;

  private EmbeddedStoreConfig(Builder b) {
    dataDirectory = b.dataDirectory;
    walSync = b.walSync;
    blockMaxSpans = b.blockMaxSpans;
    blockMaxAge = b.blockMaxAge;
    compactedBlockSpans = b.compactedBlockSpans;
    compactionWindow = b.compactionWindow;
    retention = b.retention;
    retentionBytes = b.retentionBytes;
    totalRetentionBytes = b.totalRetentionBytes;
    retentionByTenant = Map.copyOf(b.retentionByTenant);
    retentionBytesByTenant = Map.copyOf(b.retentionBytesByTenant);
    maxDiskBytes = b.maxDiskBytes;
    rowGroupRows = b.rowGroupRows;
    digester = b.digester;
    zstdLevel = b.zstdLevel;
    clock = b.clock;
    maintenanceInterval = b.maintenanceInterval;
    readThreads = b.readThreads;
  }

  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public WalSync walSync() {
    return walSync;
  }

  public int blockMaxSpans() {
    return blockMaxSpans;
  }

  public Duration blockMaxAge() {
    return blockMaxAge;
  }

  public int compactedBlockSpans() {
    return compactedBlockSpans;
  }

  public Duration compactionWindow() {
    return compactionWindow;
  }

  public Duration retention() {
    return retention;
  }

  /** Block bytes one tenant may keep. */
  public long retentionBytes() {
    return retentionBytes;
  }

  /** The retention age of {@code tenant}: its own when configured, else {@link #retention()}. */
  public Duration retention(String tenant) {
    return retentionByTenant.getOrDefault(tenant, retention);
  }

  /**
   * Block bytes {@code tenant} may keep: its own when configured, else {@link #retentionBytes()}.
   */
  public long retentionBytes(String tenant) {
    return retentionBytesByTenant.getOrDefault(tenant, retentionBytes);
  }

  /** Block bytes all tenants together may keep; the largest tenant gives first. */
  public long totalRetentionBytes() {
    return totalRetentionBytes;
  }

  /** Writes are refused once the data directory holds this many bytes; MAX_VALUE: no limit. */
  public long maxDiskBytes() {
    return maxDiskBytes;
  }

  /** The digester every block is written with, if any ({@link Builder#digester}). */
  public java.util.Optional<TraceDigester> digester() {
    return digester;
  }

  public int rowGroupRows() {
    return rowGroupRows;
  }

  public int zstdLevel() {
    return zstdLevel;
  }

  public InstantSource clock() {
    return clock;
  }

  /** Zero means no background thread: the owner calls the maintenance methods itself (tests). */
  public Duration maintenanceInterval() {
    return maintenanceInterval;
  }

  /** How many threads one read may spread its row groups over, its own included. */
  public int readThreads() {
    return readThreads;
  }

  long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Collects settings; unset ones take the defaults documented on each method. */
  public static final class Builder {
    private final Path dataDirectory;
    private WalSync walSync = WalSync.FSYNC;
    private int blockMaxSpans = 100_000;
    private Duration blockMaxAge = Duration.ofMinutes(5);
    private int compactedBlockSpans = 1_000_000;
    private Duration compactionWindow = Duration.ofHours(1);
    private Duration retention = Duration.ofDays(7);
    private long retentionBytes = Long.MAX_VALUE;
    private long totalRetentionBytes = Long.MAX_VALUE;
    private final Map<String, Duration> retentionByTenant = new HashMap<>();
    private final Map<String, Long> retentionBytesByTenant = new HashMap<>();
    private long maxDiskBytes = Long.MAX_VALUE;
    private int rowGroupRows = 1024;
    private java.util.Optional<TraceDigester> digester = java.util.Optional.empty();
    private int zstdLevel = 3;
    private InstantSource clock = InstantSource.system();
    private Duration maintenanceInterval = Duration.ofSeconds(1);
    private int readThreads = Runtime.getRuntime().availableProcessors();

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** Default {@link WalSync#FSYNC}. */
    public Builder walSync(WalSync walSync) {
      this.walSync = Objects.requireNonNull(walSync, "walSync");
      return this;
    }

    /** Spans in the head that cut a block; default 100,000. */
    public Builder blockMaxSpans(int spans) {
      this.blockMaxSpans = positive(spans, "blockMaxSpans");
      return this;
    }

    /** Age of the oldest head data that cuts a block; default 5 minutes. */
    public Builder blockMaxAge(Duration age) {
      this.blockMaxAge = positive(age, "blockMaxAge");
      return this;
    }

    /** Compaction merges blocks up to this many spans; default 1,000,000. */
    public Builder compactedBlockSpans(int spans) {
      this.compactedBlockSpans = positive(spans, "compactedBlockSpans");
      return this;
    }

    /** Only blocks starting in the same window merge; default 1 hour. */
    public Builder compactionWindow(Duration window) {
      this.compactionWindow = positive(window, "compactionWindow");
      return this;
    }

    /** Blocks whose newest span ended longer ago are dropped; default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = positive(retention, "retention");
      return this;
    }

    /**
     * Block bytes per tenant; past it that tenant's oldest blocks go, never another tenant's.
     * Default unlimited.
     */
    public Builder retentionBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("retentionBytes must be positive; received " + bytes);
      }
      this.retentionBytes = bytes;
      return this;
    }

    /** {@code tenant}'s own retention age instead of {@link #retention(Duration)}. */
    public Builder retention(String tenant, Duration retention) {
      retentionByTenant.put(
          Objects.requireNonNull(tenant, "tenant"), positive(retention, "retention of " + tenant));
      return this;
    }

    /**
     * {@code tenant}'s own block bytes instead of {@link #retentionBytes(long)}; {@link
     * Long#MAX_VALUE} for no limit.
     */
    public Builder retentionBytes(String tenant, long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException(
            "retentionBytes of " + tenant + " must be positive; received " + bytes);
      }
      retentionBytesByTenant.put(Objects.requireNonNull(tenant, "tenant"), bytes);
      return this;
    }

    /**
     * Block bytes over all tenants; past it the largest tenant's oldest block goes first, again
     * until under. Default unlimited.
     */
    public Builder totalRetentionBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException(
            "totalRetentionBytes must be positive; received " + bytes);
      }
      this.totalRetentionBytes = bytes;
      return this;
    }

    /**
     * Bytes the data directory may hold; past it writes fail with {@link StoreFullException} (503)
     * before reaching the WAL, and resume once space is freed. Default unlimited.
     */
    public Builder maxDiskBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxDiskBytes must be positive; received " + bytes);
      }
      this.maxDiskBytes = bytes;
      return this;
    }

    /**
     * Digests every block as it is cut or compacted, for {@code traceDigests} reads; default none.
     * Blocks written before, or by another digester, have no digest, and reads that need one fall
     * back to reading traces until retention or compaction replaces them.
     */
    public Builder digester(TraceDigester digester) {
      this.digester = java.util.Optional.of(digester);
      return this;
    }

    /** Rows per row group, the unit a trace lookup decodes; default 1024. */
    public Builder rowGroupRows(int rows) {
      this.rowGroupRows = BlockFileWriter.requireRowGroupRows(rows);
      return this;
    }

    /**
     * zstd level for the chunks of compacted blocks, 1 to 19; default 3. A head cut's block, which
     * compaction soon rewrites, is written at level 1.
     */
    public Builder zstdLevel(int level) {
      this.zstdLevel = BlockFileWriter.requireZstdLevel(level);
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often background maintenance runs; {@link Duration#ZERO} turns it off. Default 1 s. */
    public Builder maintenanceInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "maintenanceInterval must not be negative; received " + interval);
      }
      this.maintenanceInterval = interval;
      return this;
    }

    /**
     * How many threads one search, scan or fetch may decode row groups on, the reading thread
     * included; default one per available processor. 1 reads on the caller's thread only.
     */
    public Builder readThreads(int threads) {
      this.readThreads = positive(threads, "readThreads");
      return this;
    }

    public EmbeddedStoreConfig build() {
      return new EmbeddedStoreConfig(this);
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive; received " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive; received " + value);
      }
      return value;
    }
  }
}
