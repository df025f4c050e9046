package dev.hopscope.store.embedded;

/**
 * The conformance suite again with every read spread over four threads, whatever the machine has:
 * searches, scans and fetches over tiny row groups answer exactly as on one thread ({@link
 * EmbeddedTraceStoreTest}).
 */
class ParallelReadsTraceStoreTest extends EmbeddedTraceStoreTest {
  @Override
  int readThreads() {
    return 4;
  }
}
