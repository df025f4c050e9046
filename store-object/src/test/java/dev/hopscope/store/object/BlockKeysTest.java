package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bucket layout and the block-builder's deterministic ids. */
class BlockKeysTest {
  @Test
  void laysBlocksOutUnderTheTenant() {
    assertThat(BlockKeys.dataKey("acme", "b1")).isEqualTo("acme/blocks/b1/data");
    assertThat(BlockKeys.metaKey("acme", "b1")).isEqualTo("acme/blocks/b1/meta.json");
    assertThat(BlockKeys.blockIdOfMeta("acme/blocks/", "acme/blocks/b1/meta.json")).contains("b1");
    assertThat(BlockKeys.blockIdOfMeta("acme/blocks/", "acme/blocks/b1/data")).isEmpty();
    assertThat(BlockKeys.blockIdOfMeta("acme/blocks/", "acme/blocks/a/b/meta.json")).isEmpty();
    assertThatThrownBy(() -> BlockKeys.dataKey("../etc", "b1")).hasMessageContaining("tenant");
    assertThatThrownBy(() -> BlockKeys.dataKey("acme", "a/b"))
        .hasMessageContaining("block id \"a/b\"");
  }

  @Test
  void offsetIdsAreDeterministicAndSortInOffsetOrder() {
    assertThat(BlockKeys.forOffsets(7, 0, 41))
        .isEqualTo("p0007-00000000000000000000-00000000000000000041");
    SplittableRandom random = new SplittableRandom(11);
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long first = random.nextLong(0, Long.MAX_VALUE / 2);
      ranges.add(
          new long[] {random.nextInt(0, 10_000), first, first + random.nextLong(0, 1 << 20)});
    }
    for (long[] a : ranges) {
      for (long[] b : ranges) {
        String idA = BlockKeys.forOffsets((int) a[0], a[1], a[2]);
        String idB = BlockKeys.forOffsets((int) b[0], b[1], b[2]);
        int byNumbers =
            a[0] != b[0]
                ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]);
        assertThat(Integer.signum(idA.compareTo(idB))).isEqualTo(Integer.signum(byNumbers));
      }
    }
    assertThatThrownBy(() -> BlockKeys.forOffsets(10_000, 0, 1)).hasMessageContaining("0-9999");
    assertThatThrownBy(() -> BlockKeys.forOffsets(1, 5, 4)).hasMessageContaining("not a range");
  }
}
