package dev.hopscope.store.embedded.internal.wal;

import java.io.IOException;

/**
 * A file in the WAL directory whose magic or format version is not ours: misplaced, not damaged.
 */
final class NotAWalSegmentException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String problem;

  NotAWalSegmentException(String problem) {
    super(problem);
    this.problem = problem;
  }

  /** What is wrong with the file, for an operator: the message, which here is never absent. */
  String problem() {
    return problem;
  }
}
