package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's {@code =~} pattern runs against attribute values that other users wrote: it must not be
 * able to take exponential time. TraceQL regexes are RE2 (as in Tempo), linear in the input.
 */
class RegexSafetyTest {
  private static final TraceId TRACE = new TraceId(0, 42);

  /**
   * {@code (a+)+$} against thirty {@code a}s and a {@code b} takes a backtracking engine about 2^30
   * steps (minutes); RE2 answers at once. The timeout is a liveness bound, not a speed claim.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void nestedQuantifiersOnAHostileValueFinishAndDoNotMatch() {
    try (InMemoryTraceStore store = storeWith("a".repeat(30) + "b" + "a".repeat(5_000) + "!")) {
      EngineFixture fixture = new EngineFixture(store);
      assertThat(fixture.traces("{ span.payload =~ \"^(a+)+$\" }")).isEmpty();
      assertThat(fixture.traces("{ span.payload =~ \"^a+b(a+)+!$\" }")).containsExactly(TRACE);
    }
  }

  @Test
  void backreferencesAreRefusedWithTheReason() {
    try (InMemoryTraceStore store = storeWith("aa")) {
      EngineFixture fixture = new EngineFixture(store);
      assertThatThrownBy(() -> fixture.traces("{ span.payload =~ \"(a)\\\\1\" }"))
          .hasMessageContaining("RE2");
    }
  }

  private static InMemoryTraceStore storeWith(String payload) {
    InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(Shop.T0 / 1_000_000_000L + 3600)))
            .retention(Duration.ofDays(365))
            .build();
    store
        .write(
            Shop.TENANT,
            SpanBatch.of(
                List.of(
                    Shop.span(TRACE, 1, 0, Shop.resource("api"), "parse", SpanKind.SERVER, 0, 10)
                        .attributes(Attributes.builder().put("payload", payload).build())
                        .build())))
        .join();
    return store;
  }
}
