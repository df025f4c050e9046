package dev.hopscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ledger's traces are what the trials send and later read back by id. */
class AckLedgerTest {
  @Test
  void aSeedGivesTheSameTracesAgain() {
    assertThat(AckLedger.Trace.random(new Random(3), 5))
        .isEqualTo(AckLedger.Trace.random(new Random(3), 5));
    assertThat(AckLedger.Trace.random(new Random(3), 5))
        .isNotEqualTo(AckLedger.Trace.random(new Random(4), 5));
  }

  @Test
  void idsAreValidOtlpHex() {
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      AckLedger.Trace trace = AckLedger.Trace.random(random, 3);
      assertThat(trace.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(trace.spanIds()).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{16}"));
      assertThat(trace.spanIds()).doesNotContain("0".repeat(16));
    }
  }

  @Test
  void otlpJsonCarriesEverySpanUnderOneRoot() throws Exception {
    AckLedger.Trace trace = AckLedger.Trace.random(new Random(1), 4);
    JsonNode spans =
        new ObjectMapper()
            .readTree(trace.toOtlpJson(1_700_000_000_000L))
            .path("resourceSpans")
            .path(0)
            .path("scopeSpans")
            .path(0)
            .path("spans");
    List<String> ids = new ArrayList<>();
    for (JsonNode span : spans) {
      assertThat(span.path("traceId").asText()).isEqualTo(trace.traceId());
      ids.add(span.path("spanId").asText());
    }
    assertThat(ids).isEqualTo(trace.spanIds());
    assertThat(spans.path(0).has("parentSpanId")).as("the first span is the root").isFalse();
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.path(i).path("parentSpanId").asText()).isEqualTo(ids.getFirst());
    }
    assertThat(spans.path(0).path("startTimeUnixNano").asText()).isEqualTo("1700000000000000000");
  }

  @Test
  void countsAcknowledgedSpans() {
    AckLedger ledger = new AckLedger();
    Random random = new Random(2);
    ledger.acknowledge(AckLedger.Trace.random(random, 3));
    ledger.acknowledge(AckLedger.Trace.random(random, 20));
    assertThat(ledger.spans()).isEqualTo(23);
    assertThat(ledger.traces()).hasSize(2);
  }
}
