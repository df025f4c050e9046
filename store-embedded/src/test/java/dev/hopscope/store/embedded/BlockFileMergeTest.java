package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlockFileWriter#merge}, what a compactor over object storage runs: one block holding every
 * trace of its inputs joined, each exact duplicate span once, and a corrupt input named.
 */
class BlockFileMergeTest {
  @TempDir Path directory;

  @Test
  void theMergedBlockHoldsEveryTraceJoinedAndEachDuplicateOnce() throws Exception {
    List<Trace> traces = TraceFixtures.randomTraces(23, 200);
    List<List<Span>> parts = TraceFixtures.split(traces, 3);
    // A client's retry: the first part's spans again in the last block.
    parts.get(2).addAll(parts.get(0).subList(0, 50));
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Path file = directory.resolve("in-" + i + ".blk");
      BlockFileWriter.write(file, List.of(SpanBatch.of(parts.get(i))), 3, 16);
      inputs.add(file);
    }
    Path merged = directory.resolve("merged.blk");
    long rows = BlockFileWriter.merge(merged, inputs, 3, 16);

    long spans = traces.stream().mapToLong(trace -> trace.spans().size()).sum();
    assertThat(rows).isEqualTo(spans);
    Block block = Block.open(merged);
    try {
      BlockFilesReader reader =
          new BlockFilesReader(
              new BlockFilesReader.Blocks() {
                @Override
                public List<Block> acquire() {
                  block.acquire();
                  return List.of(block);
                }

                @Override
                public void corrupt(Block corrupt, RuntimeException problem) {
                  throw problem;
                }
              });
      List<Trace> read = new ArrayList<>();
      reader.scan(TimeRange.ALL, Integer.MAX_VALUE, read::add);
      assertThat(read).containsExactlyInAnyOrderElementsOf(traces);
    } finally {
      block.release();
    }
  }

  @Test
  void aCorruptInputFailsTheMergeNamingIt() throws Exception {
    Path good = directory.resolve("good.blk");
    Path bad = directory.resolve("bad.blk");
    BlockFileWriter.write(
        good, List.of(TraceFixtures.batchOf(TraceFixtures.randomTraces(1, 20))), 3, 16);
    BlockFileWriter.write(
        bad, List.of(TraceFixtures.batchOf(TraceFixtures.randomTraces(2, 20))), 3, 16);
    try (RandomAccessFile file = new RandomAccessFile(bad.toFile(), "rw")) {
      file.seek(20);
      file.write(file.read() ^ 0x40);
    }
    assertThatThrownBy(
            () -> BlockFileWriter.merge(directory.resolve("out.blk"), List.of(good, bad), 3, 16))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(bad.toString());
  }
}
