package dev.hopscope.store.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** meta.json round-trips, tolerates fields a newer writer adds and names what is missing. */
class BlockMetaTest {
  private static final BlockMeta META =
      new BlockMeta(
          BlockKeys.forOffsets(3, 100, 199),
          "acme",
          3,
          100,
          199,
          1_700_000_000_000_000_000L,
          1_700_000_060_000_000_000L,
          5_000,
          180_000,
          1,
          170_000,
          0xCAFEF00D,
          Instant.parse("2026-12-06T04:00:00Z"));

  @Test
  void roundTrips() {
    String json = new String(META.toJson(), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"id\" : \"p0003-00000000000000000100-00000000000000000199\"")
        .contains("\"fileCrc32c\" : \"cafef00d\"")
        .contains("\"createdAt\" : \"2026-12-06T04:00:00Z\"");
    assertThat(BlockMeta.fromJson(META.toJson())).isEqualTo(META);
    assertThat(META.tailLength()).isEqualTo(10_000);
  }

  @Test
  void ignoresUnknownFieldsAndNamesMissingOnes() {
    String json = new String(META.toJson(), StandardCharsets.UTF_8);
    String withExtra = json.replace("{", "{ \"compactedFrom\" : [\"a\", \"b\"], \"level\" : 2,");
    assertThat(BlockMeta.fromJson(withExtra.getBytes(StandardCharsets.UTF_8))).isEqualTo(META);
    String withoutTail = json.replaceAll("\"tailOffset\" : \\d+,", "");
    assertThatThrownBy(() -> BlockMeta.fromJson(withoutTail.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("lacks the integer field \"tailOffset\"");
    String newer = json.replace("\"metaVersion\" : 1", "\"metaVersion\" : 2");
    assertThatThrownBy(() -> BlockMeta.fromJson(newer.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("meta.json version 2; this build reads version 1");
    assertThatThrownBy(() -> BlockMeta.fromJson("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void refusesATailOutsideTheBlock() {
    assertThatThrownBy(
            () -> new BlockMeta("b", "acme", -1, -1, -1, 0, 1, 1, 100, 1, 100, 0, Instant.EPOCH))
        .hasMessageContaining("tail offset 100 must lie inside its 100 bytes");
  }

  @Test
  void aMergedBlockListsTheBlocksItReplacesAndAMetaWithoutTheFieldReplacesNone() {
    BlockMeta merged =
        new BlockMeta(
            "c-p0003-0123456789abcdef0123456789abcdef",
            "acme",
            3,
            100,
            399,
            META.minStartNanos(),
            META.maxEndNanos(),
            10_000,
            360_000,
            1,
            340_000,
            0x12345678,
            META.createdAt(),
            java.util.List.of(
                BlockKeys.forOffsets(3, 100, 199), BlockKeys.forOffsets(3, 200, 399)));
    String json = new String(merged.toJson(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"replaces\" : [ \"p0003-");
    assertThat(BlockMeta.fromJson(merged.toJson())).isEqualTo(merged);
    // A block-builder's meta has no such field, as before.
    assertThat(new String(META.toJson(), StandardCharsets.UTF_8)).doesNotContain("replaces");
    assertThat(BlockMeta.fromJson(META.toJson()).replaces()).isEmpty();
    String numbers = json.replaceFirst("\\[ \"p0003-[^]]*]", "[1, 2]");
    assertThatThrownBy(() -> BlockMeta.fromJson(numbers.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("\"replaces\" must be an array of strings");
  }
}
