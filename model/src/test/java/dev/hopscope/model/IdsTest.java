package dev.hopscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
import org.junit.jupiter.api.Test;

class IdsTest {

  private record Halves(long high, long low) {}

  @Test
  void traceIdHexRoundTrips() {
    SeededProperty.check(
        Draw.pairs(Draw.LONG_EDGES, Draw.LONG_EDGES, Halves::new),
        1_000,
        random -> new Halves(Draw.anyLong(random), Draw.anyLong(random)),
        input -> {
          if (input.high() == 0 && input.low() == 0) {
            return; // not an id; rejectsAllZeroIdsNamingTheRule covers it
          }
          TraceId id = new TraceId(input.high(), input.low());
          assertThat(id.toHex()).hasSize(32).matches("[0-9a-f]{32}");
          assertThat(TraceId.fromHex(id.toHex())).isEqualTo(id);
          assertThat(TraceId.fromBytes(id.toBytes())).isEqualTo(id);
        });
  }

  @Test
  void spanIdHexRoundTrips() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        1_000,
        Draw::anyLong,
        value -> {
          if (value == 0) {
            return; // not an id; rejectsAllZeroIdsNamingTheRule covers it
          }
          SpanId id = new SpanId(value);
          assertThat(id.toHex()).hasSize(16).matches("[0-9a-f]{16}");
          assertThat(SpanId.fromHex(id.toHex())).isEqualTo(id);
          assertThat(SpanId.fromBytes(id.toBytes())).isEqualTo(id);
        });
  }

  @Test
  void formatsBigEndianLowerHex() {
    TraceId id = TraceId.fromHex("4BF92F3577B34DA6A3CE929D0E0E4736");
    assertThat(id.toHex()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(id.toBytes()[0]).isEqualTo((byte) 0x4b);
    assertThat(SpanId.fromHex("00f067aa0ba902b7").value()).isEqualTo(0x00f067aa0ba902b7L);
  }

  @Test
  void rejectsAllZeroIdsNamingTheRule() {
    assertThatThrownBy(() -> TraceId.fromHex("00000000000000000000000000000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace id must not be all zeros");
    assertThatThrownBy(() -> SpanId.fromBytes(new byte[8]))
        .hasMessageContaining("span id must not be all zeros");
  }

  @Test
  void rejectsWrongLengthNamingValueAndLength() {
    assertThatThrownBy(() -> TraceId.fromHex("4bf92f3577b34da6"))
        .hasMessage(
            "trace id \"4bf92f3577b34da6\" must be 32 lower-hex characters (128 bits); received 16"
                + " characters");
    assertThatThrownBy(() -> TraceId.fromBytes(new byte[15]))
        .hasMessage("trace id must be 16 bytes (128 bits); received 15 bytes");
    assertThatThrownBy(() -> SpanId.fromHex("abc"))
        .hasMessageContaining("\"abc\"")
        .hasMessageContaining("16 lower-hex characters");
  }

  @Test
  void rejectsNonHexNamingTheCharacterAndPosition() {
    assertThatThrownBy(() -> SpanId.fromHex("00f067aa0ba902bz"))
        .hasMessage(
            "span id \"00f067aa0ba902bz\" must be lower-hex encoded with no prefix; found 'z' at"
                + " position 15");
    assertThatThrownBy(() -> TraceId.fromHex("0x" + "1".repeat(30)))
        .hasMessageContaining("found 'x' at position 1");
  }

  @Test
  void traceIdsSortUnsigned() {
    TraceId small = TraceId.fromHex("7fffffffffffffff0000000000000001");
    TraceId large = TraceId.fromHex("80000000000000000000000000000001");
    assertThat(small).isLessThan(large);
  }
}
