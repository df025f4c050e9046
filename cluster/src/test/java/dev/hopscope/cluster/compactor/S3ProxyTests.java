package dev.hopscope.cluster.compactor;

import dev.hopscope.store.object.S3ProxyProcess;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One s3proxy process for a whole test class, and a counter for bucket names: each test gets a
 * fresh bucket of its own without paying for a new process.
 */
abstract class S3ProxyTests {
  @TempDir static Path serverDirectory;
  static S3ProxyProcess s3proxy;
  static final AtomicInteger buckets = new AtomicInteger();

  @BeforeAll
  static void startS3Proxy() throws Exception {
    s3proxy = S3ProxyProcess.start(serverDirectory);
  }

  @AfterAll
  static void stopS3Proxy() {
    if (s3proxy != null) {
      s3proxy.close();
      s3proxy = null;
    }
  }
}
