package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockSurgery;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code AttributeEquals} hint finds a value inside an array attribute through attribute
 * discovery, in blocks whose blooms hold array elements and in blocks written before they did.
 */
class ArrayElementSearchTest {
  private static final SearchHint RARE_TAG =
      new SearchHint.AttributeEquals(SearchHint.Scope.SPAN, "tags", AttributeValue.of("rare"));

  @TempDir Path directory;

  /** One trace whose span has tags = [nightly, rare]. */
  private static Trace tagged() {
    TraceId id = new TraceId(42, 42);
    Span span =
        Span.builder(id, new SpanId(1))
            .name("tagged")
            .startNanos(TraceFixtures.T0)
            .endNanos(TraceFixtures.T0 + 1_000)
            .attributes(
                Attributes.builder()
                    .put(
                        "tags",
                        new AttributeValue.ArrayValue(
                            List.of(AttributeValue.of("nightly"), AttributeValue.of("rare"))))
                    .build())
            .build();
    return new Trace(id, List.of(span));
  }

  /**
   * Many row groups without the key and one block holding the tagged trace: few enough row groups
   * may hold the value that the store discovers candidates by bloom instead of scanning.
   */
  private List<Trace> search(boolean taggedBlockHasElements) throws IOException {
    Path filler = directory.resolve("filler.blk");
    BlockSurgery.write(filler, TraceFixtures.randomTraces(5, 200), 16);
    Path tagged = directory.resolve("tagged.blk");
    if (taggedBlockHasElements) {
      BlockSurgery.write(tagged, List.of(tagged()), 16);
    } else {
      BlockSurgery.writeWithoutArrayElements(tagged, List.of(tagged()), 16);
    }
    List<Block> blocks = List.of(Block.open(filler), Block.open(tagged));
    assertThat(blocks.get(0).rowGroupCount()).isGreaterThan(16);
    assertThat(blocks.get(1).bloomsHoldArrayElements()).isEqualTo(taggedBlockHasElements);
    BlockFilesReader reader =
        new BlockFilesReader(
            new BlockFilesReader.Blocks() {
              @Override
              public List<Block> acquire() {
                List<Block> held = new ArrayList<>();
                for (Block block : blocks) {
                  if (block.acquire()) {
                    held.add(block);
                  }
                }
                return held;
              }

              @Override
              public void corrupt(Block block, RuntimeException problem) {
                throw problem;
              }
            });
    SearchRequest request =
        new SearchRequest(
            TimeRange.ALL, List.of(RARE_TAG), SearchOrder.NEWEST_FIRST, Optional.empty());
    try (Stream<Trace> results = reader.search(request)) {
      return results.toList();
    } finally {
      blocks.forEach(Block::release);
    }
  }

  @Test
  void elementsAreFoundInBlocksWhoseBloomsHoldThem() throws IOException {
    assertThat(search(true)).containsExactly(tagged());
  }

  @Test
  void elementsAreFoundInBlocksWrittenBeforeBloomsHeldThem() throws IOException {
    assertThat(search(false)).containsExactly(tagged());
  }
}
