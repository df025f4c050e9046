package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TraceSizeLimiterTest {
  private static final long GENERATION = 60_000_000_000L;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private TraceSizeLimiter limiter(long maxBytes, int maxTraces) {
    return new TraceSizeLimiter(
        tenant -> tenant.equals("free") ? 0 : maxBytes, nanos::get, GENERATION, maxTraces);
  }

  /** Spans of {@code traces[i]} (low id), each with a {@code pad}-character attribute. */
  private static SpanBatch batch(int pad, long... traces) {
    SpanBatch.Builder builder = SpanBatch.builder();
    int resource = builder.resourceIndex(Resource.EMPTY);
    int scope = builder.scopeIndex(dev.hopscope.model.InstrumentationScope.EMPTY);
    long spanId = 1;
    for (long trace : traces) {
      builder
          .beginSpan(resource, scope)
          .traceId(7, trace)
          .spanId(spanId++)
          .name("op")
          .kind(SpanKind.INTERNAL)
          .startNanos(1)
          .endNanos(2)
          .status(StatusCode.UNSET, "")
          .attribute("pad", new AttributeValue.StringValue("x".repeat(pad)))
          .commitSpan();
    }
    return builder.build();
  }

  private static long spanSize(int pad) {
    SpanBatch one = batch(pad, 1);
    return SpanSize.of(one, 0);
  }

  @Test
  void aTraceGrowsUpToItsLimitAndItsFurtherSpansAreRefusedNamingIt() {
    long span = spanSize(100);
    TraceSizeLimiter limiter = limiter(span * 3, 1000);
    assertThat(limiter.admit("a", batch(100, 1, 1, 2)).refusedSpans()).isZero();
    TraceSizeLimiter.Admission second = limiter.admit("a", batch(100, 1, 2, 1, 3));
    assertThat(second.refusedSpans())
        .as("trace 1 had 2 spans: one more fits, not two")
        .isEqualTo(1);
    assertThat(second.accepted().size()).isEqualTo(3);
    assertThat(second.firstRefusal().orElseThrow())
        .contains("trace 0000000000000007" + "0000000000000001")
        .contains("holds " + span * 3 + " bytes")
        .contains("limit of " + span * 3 + " bytes per trace");
    // Another tenant, and a tenant without a limit, are not affected.
    assertThat(limiter.admit("b", batch(100, 1, 1, 1)).refusedSpans()).isZero();
    assertThat(limiter.admit("free", batch(100_000, 1, 1, 1)).refusedSpans()).isZero();
    assertThat(limiter.tracked("free")).as("nothing followed without a limit").isZero();
  }

  @Test
  void aWriteThatFailedGivesItsBytesBack() {
    long span = spanSize(10);
    TraceSizeLimiter limiter = limiter(span * 2, 1000);
    TraceSizeLimiter.Admission failed = limiter.admit("a", batch(10, 1, 1));
    limiter.release("a", failed);
    assertThat(limiter.admit("a", batch(10, 1, 1)).refusedSpans()).isZero();
    assertThat(limiter.admit("a", batch(10, 1)).refusedSpans()).isEqualTo(1);
  }

  @Test
  void aTraceIsFollowedForOneGenerationAfterItsLastSpanThenForgotten() {
    long span = spanSize(10);
    TraceSizeLimiter limiter = limiter(span * 2, 1000);
    limiter.admit("a", batch(10, 1, 1));
    nanos.addAndGet(GENERATION); // the sizes move to the previous generation: still counted
    assertThat(limiter.admit("a", batch(10, 1)).refusedSpans()).isEqualTo(1);
    nanos.addAndGet(GENERATION); // and then forgotten
    assertThat(limiter.admit("a", batch(10, 1)).refusedSpans()).isZero();
  }

  @Test
  void memoryIsBoundedByTheTracesPerGenerationWhateverArrives() {
    TraceSizeLimiter limiter = limiter(1_000_000, 100);
    SplittableRandom random = new SplittableRandom(20);
    for (int request = 0; request < 200; request++) {
      long[] traces = new long[20];
      for (int i = 0; i < traces.length; i++) {
        traces[i] = 1 + random.nextLong(1_000_000);
      }
      assertThat(limiter.admit("a", batch(5, traces)).refusedSpans()).isZero();
      assertThat(limiter.tracked("a")).isLessThanOrEqualTo(2 * 100 + 20);
    }
  }
}
