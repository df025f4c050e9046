package dev.hopscope.server.ui;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TraceStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Traces written straight into the store: one of 100,000 spans, one full of XSS payloads. */
final class SyntheticTraces {
  static final TraceId LARGE = TraceId.fromHex("1a2b3c4d5e6f708192a3b4c5d6e7f801");
  static final int LARGE_SPANS = 100_000;
  static final TraceId XSS = TraceId.fromHex("0bad0bad0bad0bad0bad0bad0bad0bad");

  /** Twenty payloads; any of them running would call alert() or leave an element behind. */
  static final List<String> PAYLOADS =
      List.of(
          "<script>alert(1)</script>",
          "<img src=x onerror=alert(2)>",
          "<svg onload=alert(3)>",
          "\"><script>alert(4)</script>",
          "'><img src=x onerror=alert(5)>",
          "javascript:alert(6)",
          "<iframe src=\"javascript:alert(7)\"></iframe>",
          "<body onload=alert(8)>",
          "<a href=\"javascript:alert(9)\">click</a>",
          "{{constructor.constructor('alert(10)')()}}",
          "<details open ontoggle=alert(11)>",
          "<math><mtext></table><img src=x onerror=alert(12)>",
          "\" onmouseover=\"alert(13)",
          "<style>*{display:none}</style><b>14</b>",
          "</textarea><script>alert(15)</script>",
          "<input autofocus onfocus=alert(16)>",
          "${alert(17)}",
          "<video><source onerror=alert(18)></video>",
          "<marquee onstart=alert(19)>x</marquee>",
          "&lt;img src=x onerror=alert(20)&gt;");

  private SyntheticTraces() {}

  /** A 100,000-span trace, an 8-ary tree six levels deep across five services. */
  static void writeLarge(TraceStore store, String tenant, long baseNanos) throws Exception {
    SpanBatch.Builder batch = SpanBatch.builder();
    int[] resources = new int[5];
    for (int s = 0; s < resources.length; s++) {
      resources[s] =
          batch.resourceIndex(
              Resource.of(Attributes.builder().put("service.name", "bulk-" + s).build()));
    }
    int scope = batch.scopeIndex(InstrumentationScope.of("dev.hopscope.ui-test", "1"));
    long[] start = new long[LARGE_SPANS];
    long[] end = new long[LARGE_SPANS];
    for (int i = 0; i < LARGE_SPANS; i++) {
      int parent = (i - 1) / 8;
      int depth = depth(i);
      if (i == 0) {
        start[i] = baseNanos;
        end[i] = baseNanos + TimeUnit.SECONDS.toNanos(30);
      } else {
        long slot = (end[parent] - start[parent]) / 9;
        start[i] = start[parent] + slot * ((i - 1) % 8) + slot / 4;
        end[i] = start[i] + slot;
      }
      batch
          .beginSpan(resources[depth % resources.length], scope)
          .traceId(LARGE.high(), LARGE.low())
          .spanId(i + 1L)
          .parentSpanId(i == 0 ? 0 : parent + 1L)
          .name("step-" + depth + "-" + (i % 64))
          .kind(i == 0 ? SpanKind.SERVER : SpanKind.INTERNAL)
          .startNanos(start[i])
          .endNanos(end[i])
          .status(i % 997 == 0 ? StatusCode.ERROR : StatusCode.UNSET, "")
          .attribute("item.index", AttributeValue.of((long) i))
          .commitSpan();
    }
    store.write(tenant, batch.build()).get(120, TimeUnit.SECONDS);
  }

  private static int depth(int i) {
    int depth = 0;
    while (i > 0) {
      i = (i - 1) / 8;
      depth++;
    }
    return depth;
  }

  /**
   * One trace of twenty spans: span i's service name, span name, attribute key and value, event
   * name and status message are payloads; services call each other so the map shows them too.
   */
  static void writeXss(TraceStore store, String tenant, long baseNanos) throws Exception {
    SpanBatch.Builder batch = SpanBatch.builder();
    int scope = batch.scopeIndex(InstrumentationScope.of(PAYLOADS.get(0), PAYLOADS.get(1)));
    int n = PAYLOADS.size();
    for (int i = 0; i < n; i++) {
      int resource =
          batch.resourceIndex(
              Resource.of(
                  Attributes.builder()
                      .put("service.name", PAYLOADS.get(i))
                      .put(PAYLOADS.get((i + 5) % n), PAYLOADS.get((i + 6) % n))
                      .build()));
      long start = baseNanos + i * 2_000_000L;
      batch
          .beginSpan(resource, scope)
          .traceId(XSS.high(), XSS.low())
          .spanId(0x5000L + i)
          .parentSpanId(i == 0 ? 0 : 0x5000L + i - 1)
          .name(PAYLOADS.get((i + 1) % n))
          .kind(i % 2 == 0 ? SpanKind.CLIENT : SpanKind.SERVER)
          .startNanos(start)
          .endNanos(start + 100_000_000L - i * 4_000_000L)
          .status(i % 4 == 0 ? StatusCode.ERROR : StatusCode.UNSET, PAYLOADS.get((i + 2) % n))
          .attribute(PAYLOADS.get((i + 3) % n), AttributeValue.of(PAYLOADS.get((i + 4) % n)))
          .attribute("peer.service", AttributeValue.of(PAYLOADS.get((i + 7) % n)))
          .event(new Event(start + 1_000_000L, PAYLOADS.get((i + 8) % n), Attributes.empty(), 0))
          .commitSpan();
    }
    store.write(tenant, batch.build()).get(30, TimeUnit.SECONDS);
  }
}
