package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a pass merges: same partition and window, small and old enough, tiered while open. */
class CompactionPlannerTest {
  private static final long HOUR = 3_600_000_000_000L;
  private static final long WINDOW_START = 472_222 * HOUR;
  private static final CompactionSettings SETTINGS =
      new CompactionSettings(
          Path.of("unused"),
          Duration.ofHours(1),
          1000,
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          RetentionPolicy.of(Duration.ofDays(7)));

  private static int next;

  private static BlockMeta block(int partition, long maxEnd, long spans, long createdNanos) {
    String id = BlockKeys.forOffsets(partition, next * 100L, next * 100L + 99);
    next++;
    return new BlockMeta(
        id,
        "acme",
        partition,
        0,
        99,
        maxEnd - 1,
        maxEnd,
        spans,
        1000,
        1,
        900,
        0,
        Instant.ofEpochSecond(0, createdNanos));
  }

  private static List<List<String>> ids(List<List<BlockMeta>> plan) {
    List<List<String>> out = new ArrayList<>();
    plan.forEach(merge -> out.add(merge.stream().map(BlockMeta::id).toList()));
    return out;
  }

  @Test
  void aClosedWindowIsMergedFullyPerPartitionUpToTheTarget() {
    long created = WINDOW_START + 10 * 60_000_000_000L;
    long now = WINDOW_START + 2 * HOUR;
    BlockMeta p0a = block(0, WINDOW_START + 1, 400, created);
    BlockMeta p0b = block(0, WINDOW_START + 2, 400, created);
    BlockMeta p0c = block(0, WINDOW_START + 3, 400, created);
    BlockMeta p1a = block(1, WINDOW_START + 4, 10, created);
    BlockMeta p1b = block(1, WINDOW_START + 5, 10, created);
    BlockMeta big = block(1, WINDOW_START + 6, 1000, created);
    BlockMeta nextWindow = block(1, WINDOW_START + HOUR + 1, 10, created);
    List<BlockMeta> visible = List.of(p0a, p0b, p0c, p1a, p1b, big, nextWindow);
    assertThat(ids(CompactionPlanner.plan(visible, Set.of(), SETTINGS, now)))
        .containsExactly(List.of(p0a.id(), p0b.id()), List.of(p1a.id(), p1b.id()));
    // A block found corrupt is never an input.
    assertThat(ids(CompactionPlanner.plan(visible, Set.of(p1a.id()), SETTINGS, now)))
        .containsExactly(List.of(p0a.id(), p0b.id()));
  }

  @Test
  void theOpenWindowMergesFourBlocksOfOneSizeClassAndWaitsForYoungBlocks() {
    long now = WINDOW_START + 30 * 60_000_000_000L;
    long old = now - 2 * 60_000_000_000L;
    List<BlockMeta> small = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      small.add(block(0, WINDOW_START + i, 20, old));
    }
    BlockMeta young = block(0, WINDOW_START + 9, 20, now - 1);
    BlockMeta bigger = block(0, WINDOW_START + 10, 90, old);
    List<BlockMeta> visible = new ArrayList<>(small);
    visible.add(young);
    visible.add(bigger);
    assertThat(ids(CompactionPlanner.plan(visible, Set.of(), SETTINGS, now)))
        .containsExactly(small.subList(0, 4).stream().map(BlockMeta::id).toList());
  }
}
