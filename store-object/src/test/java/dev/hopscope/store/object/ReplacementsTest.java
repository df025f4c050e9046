package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which blocks readers see while a compactor replaces some, and the order retention deletes. */
class ReplacementsTest {
  private static BlockMeta block(String id, String... replaces) {
    return new BlockMeta(
        id, "acme", 0, 0, 9, 0, 1, 10, 1000, 1, 900, 0, Instant.EPOCH, List.of(replaces));
  }

  private static final BlockMeta A = block("p0000-a");
  private static final BlockMeta B = block("p0000-b");
  private static final BlockMeta C = block("p0000-c");
  private static final BlockMeta AB = block("c-ab", "p0000-a", "p0000-b");
  // Written with the closure: it replaces c-ab and what c-ab replaced, still listed then.
  private static final BlockMeta ABC = block("c-abc", "c-ab", "p0000-a", "p0000-b", "p0000-c");

  @Test
  void aMergedBlockHidesItsInputsOnceListed() {
    assertThat(Replacements.visible(List.of(A, B, C), m -> true)).containsExactly(A, B, C);
    assertThat(Replacements.visible(List.of(A, B, C, AB), m -> true)).containsExactly(C, AB);
    assertThat(Replacements.visible(List.of(A, B, C, AB, ABC), m -> true)).containsExactly(ABC);
  }

  @Test
  void hiddenBlocksStayHiddenWhicheverOfThemIsDeletedFirst() {
    assertThat(Replacements.visible(List.of(A, B, C, ABC), m -> true)).containsExactly(ABC);
    assertThat(Replacements.visible(List.of(A, AB, ABC), m -> true)).containsExactly(ABC);
  }

  @Test
  void aReplacingBlockThatCannotServeHidesNothing() {
    assertThat(Replacements.visible(List.of(A, B, C, AB), m -> m != AB)).containsExactly(A, B, C);
  }

  @Test
  void deletionTakesHiddenBlocksBeforeTheBlocksHidingThem() {
    List<BlockMeta> listed = List.of(A, B, C, AB, ABC);
    assertThat(Replacements.deletionOrder(listed, List.of(ABC, AB, A, C)))
        .containsExactly(AB, A, C, ABC);
  }
}
