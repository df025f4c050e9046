package dev.hopscope.store.embedded;

/** Whether a write waits for the WAL to reach the disk before it is acknowledged. */
public enum WalSync {
  /**
   * Group commit with {@code FileChannel.force}: acknowledged spans survive a crash. The default.
   */
  FSYNC,
  /**
   * No force: acknowledged spans can be lost on a crash or power loss. For benchmarks only; the
   * store logs a warning saying so when it opens.
   */
  NONE
}
