package dev.hopscope.store.embedded.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.store.StoreException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalWriterTest {
  @TempDir Path directory;

  @Test
  void completesEachRecordAfterItsListenerRanAndReplaysInOrder() throws Exception {
    List<Object> durable = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (WalWriter writer =
        new WalWriter(directory, 1, true, (segment, attachment) -> durable.add(attachment), "t")) {
      for (int i = 0; i < 200; i++) {
        int index = i;
        futures.add(
            writer
                .append(new byte[] {(byte) i, 1, 2, 3}, 1, i)
                .thenApply(
                    segment -> {
                      // The listener ran before the future completed: read-your-writes holds.
                      assertThat(durable).contains(index);
                      return segment;
                    }));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      assertThat(writer.rotate().join()).isEqualTo(1L);
      assertThat(writer.append(new byte[] {9}, 1, 200).join()).isEqualTo(2L);
    }
    List<byte[]> replayed = new ArrayList<>();
    assertThat(
            WalReplay.replay(WalSegments.path(directory, 1), quarantine(), replayed::add).records())
        .isEqualTo(200);
    for (int i = 0; i < 200; i++) {
      assertThat(replayed.get(i)[0]).isEqualTo((byte) i);
    }
    assertThat(WalSegments.list(directory)).containsExactly(1L, 2L);
  }

  @Test
  void aFullDiskFailsOnlyTheWritesThatHitItAndWritingResumesOnceThereIsSpace() throws Exception {
    AtomicBoolean full = new AtomicBoolean();
    WalWriter.SegmentOpener opener =
        file ->
            new FullDiskChannel(
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                full::get);
    List<Integer> acknowledged = new ArrayList<>();
    try (WalWriter writer =
        new WalWriter(directory, 1, true, (segment, attachment) -> {}, "t", opener)) {
      for (int i = 0; i < 5; i++) {
        writer.append(record(i), 1, i).join();
        acknowledged.add(i);
      }
      full.set(true);
      for (int i = 5; i < 10; i++) {
        CompletableFuture<Long> refused = writer.append(record(i), 1, i);
        assertThatThrownBy(refused::join)
            .hasCauseInstanceOf(StoreException.class)
            .hasMessageContaining("No space left on device")
            .hasMessageContaining(directory.toString());
      }
      assertThat(writer.failure()).hasMessageContaining("No space left on device");
      full.set(false);
      // No restart: the next write starts a fresh segment and succeeds.
      for (int i = 10; i < 15; i++) {
        writer.append(record(i), 1, i).join();
        acknowledged.add(i);
      }
      assertThat(writer.failure()).isNull();
    }
    List<Integer> replayed = new ArrayList<>();
    for (long segment : WalSegments.list(directory)) {
      WalReplay.replay(
          WalSegments.path(directory, segment),
          quarantine(),
          payload -> replayed.add(java.nio.ByteBuffer.wrap(payload).getInt()));
    }
    assertThat(replayed).isEqualTo(acknowledged);
  }

  private Path quarantine() {
    return directory.resolve("quarantine");
  }

  private static byte[] record(int i) {
    return java.nio.ByteBuffer.allocate(64).putInt(i).array();
  }

  @Test
  void writesAfterCloseFailWithAStoreException() throws Exception {
    WalWriter writer = new WalWriter(directory, 1, false, (segment, attachment) -> {}, "t");
    writer.close();
    assertThatThrownBy(() -> writer.append(new byte[] {1}, 1, null).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StoreException.class);
  }

  @Test
  void segmentWithoutHeaderIsEmptiedNotFatal() throws Exception {
    Path segment = WalSegments.path(directory, 5);
    Files.write(segment, new byte[] {'H', 'O'});
    assertThat(WalReplay.replay(segment, quarantine(), payload -> {}).records()).isZero();
    assertThat(Files.size(segment)).isZero();
  }

  @Test
  void foreignFileIsRefusedWithAMessage() throws Exception {
    Path segment = WalSegments.path(directory, 6);
    Files.write(
        segment, "definitely not a wal segment".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WalReplay.replay(segment, quarantine(), payload -> {}))
        .hasMessageContaining("not a Hopscope WAL segment");
  }
}
