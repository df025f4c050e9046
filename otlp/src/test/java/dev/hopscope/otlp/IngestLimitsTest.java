package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IngestLimitsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    IngestLimits limits = IngestLimits.defaults();

    assertThat(limits.maxCompressedBytes()).isEqualTo(4L << 20);
    assertThat(limits.maxDecompressedBytes()).isEqualTo(16L << 20);
    assertThat(limits.maxSpansPerRequest()).isEqualTo(50_000);
    assertThat(limits.maxAttributesPerSpan()).isEqualTo(128);
    assertThat(limits.maxAttributeValueLength()).isEqualTo(16 << 10);
    assertThat(limits.maxEventsPerSpan()).isEqualTo(128);
    assertThat(limits.maxLinksPerSpan()).isEqualTo(128);
  }

  @Test
  void builderChangesOnlyWhatItIsTold() {
    IngestLimits limits = IngestLimits.defaults().toBuilder().maxEventsPerSpan(7).build();

    assertThat(limits)
        .isEqualTo(
            new IngestLimits(
                4L << 20,
                16L << 20,
                50_000,
                128,
                16 << 10,
                7,
                IngestLimits.DEFAULT_MAX_LINKS_PER_SPAN));
  }

  @Test
  void refusesNonPositiveLimitsNamingTheField() {
    assertThatThrownBy(() -> IngestLimits.builder().maxLinksPerSpan(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLinksPerSpan must be positive; received 0");
  }

  @Test
  void everyReasonHasAStableSnakeCaseLabel() {
    for (RejectReason reason : RejectReason.values()) {
      assertThat(reason.label()).matches("[a-z0-9_]+").isEqualTo(reason.name().toLowerCase());
    }
    assertThat(RejectReason.INVALID_TRACE_ID.wholeRequest()).isFalse();
    assertThat(RejectReason.MALFORMED_PROTOBUF.wholeRequest()).isTrue();
    assertThat(RejectReason.TOO_MANY_SPANS.wholeRequest()).isTrue();
  }
}
