package dev.hopscope.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Refuses writes once the data directory holds {@code maxBytes}, before they reach the WAL, so a
 * small disk fills up with a clear error instead of a failed {@code write} that leaves the WAL
 * unusable. The directory is measured at most every {@link #REMEASURE_NANOS}; in between, admitted
 * writes are added to the last measurement, so the estimate errs on the full side. Once retention,
 * compaction or an operator frees space, the next measurement lets writes in again.
 */
final class DiskBudget {
  static final long REMEASURE_NANOS = 250_000_000L;

  private final Path directory;
  private final long maxBytes;
  private final LongSupplier nanoTime;
  private final AtomicLong estimate = new AtomicLong();
  private volatile long measuredAt;
  private volatile boolean measured;

  DiskBudget(Path directory, long maxBytes, LongSupplier nanoTime) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.nanoTime = nanoTime;
  }

  /**
   * Admits a write of about {@code bytes}.
   *
   * @throws StoreFullException naming the directory, the limit and the fix
   */
  void admit(long bytes) {
    long now = nanoTime.getAsLong();
    if (!measured || now - measuredAt >= REMEASURE_NANOS) {
      synchronized (this) {
        if (!measured || now - measuredAt >= REMEASURE_NANOS) {
          estimate.set(sizeOf(directory));
          measuredAt = now;
          measured = true;
        }
      }
    }
    long used = estimate.get();
    if (used + bytes > maxBytes) {
      throw new StoreFullException(
          "disk full: the data directory "
              + directory
              + " holds "
              + used
              + " bytes and its limit is "
              + maxBytes
              + " (maxDiskBytes); free space there (shorter retention or retentionBytes let old"
              + " blocks go) or raise maxDiskBytes; writes resume by themselves once it fits");
    }
    estimate.addAndGet(bytes);
  }

  private static long sizeOf(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(DiskBudget::sizeOrZero).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("could not measure " + directory, e);
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      // Deleted by compaction or retention between the listing and the size.
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
