package dev.hopscope.store.embedded;

import static dev.hopscope.store.testing.TraceFixtures.SECOND;
import static dev.hopscope.store.testing.TraceFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockWriter;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionPlanTest {
  private static final long HOUR = 3600 * SECOND;

  @TempDir Path dir;
  private final List<Block> opened = new ArrayList<>();
  private int files;

  private final EmbeddedStoreConfig config =
      EmbeddedStoreConfig.builder(Path.of("unused"))
          .compactedBlockSpans(1_000)
          .compactionWindow(Duration.ofHours(1))
          .build();

  @AfterEach
  void release() {
    opened.forEach(Block::release);
  }

  /** A real block file of {@code rows} spans starting at {@code start}. */
  private Block block(int rows, long start) throws Exception {
    Path file = dir.resolve("b" + files++ + ".block");
    try (BlockWriter writer = new BlockWriter(file, rows, 1, 64)) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        spans.add(TraceFixtures.span(new TraceId(files, i + 1), i + 1, "s", "op", start + i, 1));
      }
      SpanBatch batch = SpanBatch.of(spans);
      for (int row = 0; row < batch.size(); row++) {
        writer.add(batch, row);
      }
      writer.finish();
    }
    Block block = Block.open(file);
    opened.add(block);
    return block;
  }

  @Test
  void theOpenWindowWaitsUntilItsSmallBlocksFillABlock() throws Exception {
    long now = T0 + HOUR / 2;
    // The target is 1,000 rows; a run is merged once it holds 750 (three quarters).
    List<Block> three = List.of(block(300, T0), block(200, T0 + 1), block(200, T0 + 2));
    assertThat(CompactionPlan.background(three, config, now)).isEmpty();

    Block fourth = block(100, T0 + 3);
    Block compacted = block(800, T0 + 4);
    List<Block> blocks = new ArrayList<>(three);
    blocks.add(fourth);
    blocks.add(compacted);
    assertThat(CompactionPlan.background(blocks, config, now))
        .containsExactly(List.of(three.get(0), three.get(1), three.get(2), fourth));
  }

  @Test
  void aRunTheNextBlockWouldPushPastTheTargetIsMergedAsItIs() throws Exception {
    long now = T0 + HOUR / 2;
    List<Block> blocks = List.of(block(500, T0), block(200, T0 + 1), block(400, T0 + 2));
    assertThat(CompactionPlan.background(blocks, config, now))
        .containsExactly(List.of(blocks.get(0), blocks.get(1)));
  }

  @Test
  void aClosedWindowLeavesBlocksNearTheTargetAlone() throws Exception {
    long now = T0 + 3 * HOUR;
    List<Block> blocks = List.of(block(800, T0), block(100, T0 + 1), block(100, T0 + 2));
    assertThat(CompactionPlan.background(blocks, config, now))
        .containsExactly(List.of(blocks.get(1), blocks.get(2)));
  }

  @Test
  void aClosedWindowAndAnExplicitCompactionMergeEverythingSmall() throws Exception {
    long now = T0 + 3 * HOUR;
    List<Block> blocks = List.of(block(10, T0), block(40, T0 + 1), block(3, T0 + 2));
    assertThat(CompactionPlan.background(blocks, config, now)).containsExactly(blocks);
    assertThat(CompactionPlan.full(blocks, config)).containsExactly(blocks);
  }

  @Test
  void noMergeGrowsPastTheTarget() throws Exception {
    long now = T0 + 3 * HOUR;
    List<Block> blocks = List.of(block(600, T0), block(500, T0 + 1), block(300, T0 + 2));
    assertThat(CompactionPlan.full(blocks, config))
        .containsExactly(List.of(blocks.get(1), blocks.get(2)));
    assertThat(CompactionPlan.background(blocks, config, now))
        .containsExactly(List.of(blocks.get(1), blocks.get(2)));
  }
}
