package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.store.StoreReadException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a block is not disturbed by the reader's thread being interrupted, and a read the disk
 * fails is a {@link StoreReadException}, not corruption. Real block files throughout.
 */
class BlockReadsTest {
  @TempDir Path directory;
  private Path file;
  private Block block;

  @BeforeEach
  void openBlock() throws IOException {
    file = directory.resolve("0000000000000001.blk");
    BlockSurgery.write(file, TraceFixtures.randomTraces(21, 120), 16);
    block = Block.open(file);
    assertThat(block.rowGroupCount()).isGreaterThan(10);
  }

  @AfterEach
  void release() {
    block.release();
  }

  @Test
  void aReaderInterruptedMidReadLeavesTheBlockReadableForEveryone() throws InterruptedException {
    CountDownLatch firstGroupRead = new CountDownLatch(1);
    AtomicLong readByInterrupted = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                readByInterrupted.addAndGet(rows(0, 1));
                firstGroupRead.countDown();
                awaitInterrupt();
                // Every later group is read from disk with the interrupt flag set, which closes a
                // FileChannel for all its readers (ClosedByInterruptException).
                readByInterrupted.addAndGet(rows(1, block.rowGroupCount()));
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "interrupted-reader");
    reader.start();
    assertThat(firstGroupRead.await(10, TimeUnit.SECONDS)).isTrue();
    reader.interrupt();
    reader.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(reader.isAlive()).isFalse();

    assertThat(failure.get()).isNull();
    assertThat(readByInterrupted.get()).isEqualTo(block.rows());
    // And the block still answers on another thread: nothing was closed under it.
    assertThat(rows(0, block.rowGroupCount())).isEqualTo(block.rows());
  }

  @Test
  void aReadTheDiskFailsIsAReadErrorAndTheBlockReadsAgainOnceTheFileIsBack() throws IOException {
    byte[] intact = Files.readAllBytes(file);
    try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
      cut.setLength(BlockFormat.HEADER_BYTES);
    }
    assertThatThrownBy(() -> rows(0, block.rowGroupCount()))
        .isInstanceOf(StoreReadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("retry");
    Files.write(file, intact);
    assertThat(rows(0, block.rowGroupCount())).isEqualTo(block.rows());
  }

  private long rows(int fromGroup, int toGroup) {
    long rows = 0;
    for (int g = fromGroup; g < toGroup; g++) {
      RowGroup group = block.rowGroup(g);
      rows += group.spans(0, group.rowCount()).size();
    }
    return rows;
  }

  /** Parks until the test thread interrupts this one; park returns at once on an interrupt. */
  private static void awaitInterrupt() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(deadline - System.nanoTime());
    }
    assertThat(Thread.currentThread().isInterrupted()).as("interrupted by the test").isTrue();
  }
}
