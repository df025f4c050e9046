package dev.hopscope.store.object;

import dev.hopscope.store.TraceStore;
import dev.hopscope.store.testing.StoreFixture;
import dev.hopscope.store.testing.TraceStoreConformance;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-storage store passes the shared conformance suite against a real S3 API (s3proxy).
 * Every write is a block in the bucket, so the head and block stages are both "in the bucket";
 * compaction is the compactor's job, so that stage reads uncompacted blocks, whose parts and
 * duplicates the reads join as the embedded store does. Row groups of 16 rows make traces cross
 * groups, as in the embedded store's run of the suite.
 */
class ObjectTraceStoreIT extends TraceStoreConformance {
  @TempDir static Path serverDirectory;
  private static S3ProxyProcess s3proxy;
  private static final AtomicInteger buckets = new AtomicInteger();

  @TempDir Path directory;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    s3proxy = S3ProxyProcess.start(serverDirectory);
  }

  @AfterAll
  static void stopS3Proxy() {
    if (s3proxy != null) {
      s3proxy.close();
    }
  }

  @Override
  protected TraceStore open(StoreFixture fixture) {
    int n = buckets.incrementAndGet();
    return ObjectTraceStore.open(
        s3proxy.newBucket("conformance-" + n),
        ObjectStoreConfig.builder(directory.resolve("cache-" + n))
            .clock(fixture.clock())
            .retention(fixture.retention())
            .rowGroupRows(16)
            .build());
  }

  @Override
  protected void enforceRetention(TraceStore store) {
    ((ObjectTraceStore) store).enforceRetention();
  }
}
