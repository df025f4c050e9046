package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hopscope.model.Span;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Coverage-guided fuzzing of the block reader with mutated bytes of a real block file (the seed
 * {@code BlockReaderFuzzTestInputs/*} was written by the store). The contract: opening and reading
 * every row group either succeeds with self-consistent rows, or fails with one of two typed errors:
 * {@link CorruptBlockException} naming the file (a checksum, magic, version or footer check failed:
 * what the store quarantines), or {@link MalformedDataException} from a decoder that found
 * checksum-valid bytes it cannot decode and said so (the store fails that read and keeps the
 * block). Any other exception (an index out of bounds, a model constructor's {@code
 * IllegalArgumentException}, a read error) is a decoder bug and fails the run, as do hangs and
 * crashes.
 *
 * <p>{@link #mutatedBlock} feeds the bytes as they are, so most mutations stop at the whole-file
 * checksum. {@link #resealedBlock} recomputes the footer and file checksums after mutation, which
 * lets the fuzzer reach the footer decoder and the row-group decoders behind it.
 */
class BlockReaderFuzzTest {
  private static final int TRAILER_BYTES = 20;

  @FuzzTest
  void mutatedBlock(byte[] bytes) {
    readWholeBlock(bytes);
  }

  @FuzzTest
  void resealedBlock(byte[] bytes) {
    readWholeBlock(reseal(bytes.clone()));
  }

  private static void readWholeBlock(byte[] bytes) {
    Path file = write(bytes);
    try {
      Block block;
      try {
        block = Block.open(file);
      } catch (CorruptBlockException expected) {
        assertThat(expected.file()).isEqualTo(file);
        return;
      }
      try {
        readEveryRow(block);
      } catch (CorruptBlockException expected) {
        assertThat(expected.file()).isEqualTo(file);
      } catch (MalformedDataException expected) {
        // A decoder that checked its input and said what is wrong with it.
      } finally {
        block.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(file);
    }
  }

  private static void readEveryRow(Block block) {
    long rows = 0;
    for (int g = 0; g < block.rowGroupCount(); g++) {
      RowGroup group = block.rowGroup(g);
      List<Span> spans = group.spans(0, group.rowCount());
      assertThat(spans).hasSize(group.rowCount());
      for (int row = 0; row < spans.size(); row++) {
        Span span = spans.get(row);
        assertThat(span.traceId().high()).isEqualTo(group.traceIdHigh(row));
        assertThat(span.traceId().low()).isEqualTo(group.traceIdLow(row));
      }
      // Compaction's decoding of the same rows: the same spans, or the same typed failure.
      assertThat(group.batch().toSpans()).isEqualTo(spans);
      rows += spans.size();
    }
    assertThat(rows).isEqualTo(block.rows());
  }

  /** Makes the footer and file checksums match whatever the bytes now are. */
  private static byte[] reseal(byte[] bytes) {
    int size = bytes.length;
    if (size < 12 + TRAILER_BYTES) {
      return bytes;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int footerLength = buffer.getInt(size - TRAILER_BYTES);
    int footerStart = size - TRAILER_BYTES - footerLength;
    if (footerLength > 0 && footerStart >= 12) {
      CRC32C footer = new CRC32C();
      footer.update(bytes, footerStart, footerLength);
      buffer.putInt(size - TRAILER_BYTES + 4, (int) footer.getValue());
    }
    CRC32C whole = new CRC32C();
    whole.update(bytes, 0, size - 12);
    buffer.putInt(size - 12, (int) whole.getValue());
    return bytes;
  }

  private static Path write(byte[] bytes) {
    try {
      Path file = Files.createTempFile("fuzz-block", ".blk");
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
