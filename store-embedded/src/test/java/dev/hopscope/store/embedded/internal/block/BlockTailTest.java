package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace read through a block's tail and ranged row-group bytes (what object storage fetches) is
 * the trace {@link Block} reads from the whole file, and every damaged byte is caught by a
 * checksum.
 */
class BlockTailTest {
  @TempDir Path directory;
  private List<Trace> traces;
  private Path file;
  private byte[] bytes;

  @BeforeEach
  void writeBlock() throws IOException {
    traces = TraceFixtures.randomTraces(5, 300);
    file = directory.resolve("block.blk");
    // Small row groups, so traces cross group boundaries and ranges merge neighbours.
    BlockFileWriter.write(file, List.of(TraceFixtures.batchOf(traces)), 3, 16);
    bytes = Files.readAllBytes(file);
  }

  private BlockTail parsedFromBytes(BlockTail tail) {
    byte[] tailBytes = Arrays.copyOfRange(bytes, (int) tail.offset(), bytes.length);
    return BlockTail.parse(file, bytes.length, tail.offset(), tailBytes);
  }

  private List<Span> throughRanges(BlockTail tail, TraceId id) {
    List<Span> out = new ArrayList<>();
    if (!tail.mightContain(id.high(), id.low())) {
      return out;
    }
    for (BlockTail.GroupRange range : tail.rangesFor(id.high(), id.low())) {
      byte[] fetched =
          Arrays.copyOfRange(bytes, (int) range.offset(), (int) range.offset() + range.length());
      out.addAll(tail.trace(id.high(), id.low(), range, fetched));
    }
    return out;
  }

  @Test
  void rangedReadsGiveTheSpansTheWholeFileGives() throws IOException {
    BlockTail tail = parsedFromBytes(BlockTail.read(file));
    Block block = Block.open(file);
    try {
      assertThat(tail.rows()).isEqualTo(block.rows());
      assertThat(tail.minStart()).isEqualTo(block.minStart());
      assertThat(tail.maxEnd()).isEqualTo(block.maxEnd());
      assertThat(tail.fileSize()).isEqualTo(bytes.length);
      int crossing = 0;
      for (Trace trace : traces) {
        TraceId id = trace.traceId();
        List<Span> ranged = throughRanges(tail, id);
        assertThat(new Trace(id, ranged)).isEqualTo(trace);
        if (tail.rangesFor(id.high(), id.low()).getFirst().lastGroup()
            > tail.rangesFor(id.high(), id.low()).getFirst().firstGroup()) {
          crossing++;
        }
      }
      assertThat(crossing).as("traces whose rows cross a row-group boundary").isPositive();
      assertThat(throughRanges(tail, new TraceId(7, 7))).isEmpty();
    } finally {
      block.release();
    }
  }

  @Test
  void theTailIsTheTablesChunkFooterAndTrailerOnly() throws IOException {
    BlockTail tail = BlockTail.read(file);
    long rowGroupBytes = 0;
    for (Trace trace : traces) {
      for (BlockTail.GroupRange range :
          tail.rangesFor(trace.traceId().high(), trace.traceId().low())) {
        rowGroupBytes = Math.max(rowGroupBytes, range.offset() + range.length());
      }
    }
    assertThat(tail.offset()).isEqualTo(rowGroupBytes);
    assertThat(bytes.length - tail.offset()).isLessThan(bytes.length / 2);
  }

  @Test
  void aFlippedByteAnywhereInTheTailIsCorruption() throws IOException {
    BlockTail tail = BlockTail.read(file);
    int length = (int) (bytes.length - tail.offset());
    for (int at = 0; at < length; at += Math.max(1, length / 97)) {
      byte[] damaged = Arrays.copyOfRange(bytes, (int) tail.offset(), bytes.length);
      damaged[at] ^= 0x10;
      int where = at;
      assertThatThrownBy(() -> BlockTail.parse(file, bytes.length, tail.offset(), damaged))
          .as("flip at tail byte %d of %d", where, length)
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void aFlippedByteInARowGroupIsCorruption() throws IOException {
    BlockTail tail = BlockTail.read(file);
    TraceId id = traces.getFirst().traceId();
    BlockTail.GroupRange range = tail.rangesFor(id.high(), id.low()).getFirst();
    byte[] fetched =
        Arrays.copyOfRange(bytes, (int) range.offset(), (int) range.offset() + range.length());
    fetched[fetched.length / 2] ^= 0x01;
    assertThatThrownBy(() -> tail.trace(id.high(), id.low(), range, fetched))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void aTailReadFromTheWrongOffsetIsRefused() throws IOException {
    BlockTail tail = BlockTail.read(file);
    long wrong = tail.offset() - 1;
    byte[] tailBytes = Arrays.copyOfRange(bytes, (int) wrong, bytes.length);
    assertThatThrownBy(() -> BlockTail.parse(file, bytes.length, wrong, tailBytes))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("tables chunk is at byte " + tail.offset());
  }
}
