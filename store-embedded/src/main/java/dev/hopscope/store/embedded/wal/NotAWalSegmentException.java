package dev.hopscope.store.embedded.wal;

import java.io.IOException;

/**
 * A file in the WAL directory whose magic or format version is not ours: misplaced, not damaged.
 */
final class NotAWalSegmentException extends IOException {
  private static final long serialVersionUID = 1L;

  NotAWalSegmentException(String message) {
    super(message);
  }
}
