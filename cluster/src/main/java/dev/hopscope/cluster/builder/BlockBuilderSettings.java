package dev.hopscope.cluster.builder;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a block-builder cuts.
 *
 * @param workDirectory where block files are written before upload (emptied at start)
 * @param cycle the longest a record waits before its cycle is cut: what a query of the bucket lags
 *     behind ingest, at most
 * @param maxSpans spans of one partition that cut a cycle early, bounding memory
 */
public record BlockBuilderSettings(Path workDirectory, Duration cycle, long maxSpans) {
  public BlockBuilderSettings {
    if (cycle.isNegative() || cycle.isZero()) {
      throw new IllegalArgumentException("blockBuilder.cycle must be positive, got " + cycle);
    }
    if (maxSpans < 1) {
      throw new IllegalArgumentException("blockBuilder.maxSpans must be positive, got " + maxSpans);
    }
  }
}
