package dev.hopscope.store.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link CrashRecoveryIT}: writes batches as fast as the store takes them,
 * several in flight so group commit batches fsyncs, and prints {@code ACK <seq>} for each batch
 * whose future completed (is durable) — until the parent kills it with SIGKILL.
 *
 * <p>Arguments: data directory, first sequence number, base time in epoch nanos.
 */
public final class CrashingIngester {
  private CrashingIngester() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    long firstSeq = Long.parseLong(args[1]);
    long baseNanos = Long.parseLong(args[2]);
    EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory)
                .blockMaxSpans(1500)
                .compactedBlockSpans(6000)
                .rowGroupRows(256)
                .maintenanceInterval(Duration.ofMillis(20))
                .build());
    System.out.println("READY");
    System.out.flush();
    Semaphore inFlight = new Semaphore(8);
    for (long seq = firstSeq; ; seq++) {
      inFlight.acquire();
      long acked = seq;
      store
          .write(CrashWorkload.TENANT, CrashWorkload.batch(seq, baseNanos))
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  synchronized (System.out) {
                    System.out.println("ACK " + acked);
                    System.out.flush();
                  }
                } else {
                  System.err.println("write " + acked + " failed: " + error);
                }
                inFlight.release();
              });
    }
  }
}
