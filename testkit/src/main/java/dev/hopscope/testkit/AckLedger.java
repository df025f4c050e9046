package dev.hopscope.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The traces a server answered 200 for: each must be readable afterwards, span by span. */
public final class AckLedger {
  private final List<Trace> acknowledged = new ArrayList<>();

  /** One exported trace: its id and span ids, lower-case hex. */
  public record Trace(String traceId, List<String> spanIds) {
    public Trace {
      spanIds = List.copyOf(spanIds);
    }

    /** A new trace of {@code spans} spans with ids drawn from {@code random}. */
    public static Trace random(Random random, int spans) {
      String traceId = SpanLoad.hex(random.nextLong() | 1) + SpanLoad.hex(random.nextLong());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < spans; i++) {
        ids.add(SpanLoad.hex(random.nextLong() | 1));
      }
      return new Trace(traceId, ids);
    }

    /** An OTLP/JSON export request: a root span and children, a millisecond each. */
    public String toOtlpJson(long nowMillis) {
      StringBuilder json =
          new StringBuilder(
              "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                  + "\"value\":{\"stringValue\":\"reliability\"}}]},\"scopeSpans\":[{\"spans\":[");
      long start = nowMillis * 1_000_000L;
      for (int i = 0; i < spanIds.size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        json.append("{\"traceId\":\"").append(traceId).append("\",\"spanId\":\"");
        json.append(spanIds.get(i)).append('"');
        if (i > 0) {
          json.append(",\"parentSpanId\":\"").append(spanIds.getFirst()).append('"');
        }
        json.append(",\"name\":\"op-").append(i % 8).append("\",\"kind\":").append(i == 0 ? 2 : 1);
        json.append(",\"startTimeUnixNano\":\"").append(start + i * 1000L).append('"');
        json.append(",\"endTimeUnixNano\":\"").append(start + 1_000_000L).append("\"}");
      }
      return json.append("]}]}]}").toString();
    }
  }

  /** Records a trace the server answered 200 for (tests that send their own requests call it). */
  public synchronized void acknowledge(Trace trace) {
    acknowledged.add(trace);
  }

  public synchronized List<Trace> traces() {
    return List.copyOf(acknowledged);
  }

  public synchronized long spans() {
    return acknowledged.stream().mapToLong(t -> t.spanIds().size()).sum();
  }
}
