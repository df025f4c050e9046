package dev.hopscope.analysis;

import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Reproducible random traces for properties: well-formed ones and deliberately broken ones. */
final class RandomTraces {
  private static final String[] SERVICES = {"webapp", "auth", "db", "payments", "queue"};

  private RandomTraces() {}

  /** One clock, every synchronous child inside its parent; consumers may outlive producers. */
  static Trace consistent(long seed, int size) {
    Random random = new Random(seed);
    TestTrace t = new TestTrace();
    List<long[]> times = new ArrayList<>();
    List<SpanKind> kinds = new ArrayList<>();
    List<String> services = new ArrayList<>();
    List<SpanId> ids = new ArrayList<>();
    long rootEnd = 1_000_000 + random.nextInt(1_000_000_000);
    ids.add(t.span("webapp", "root").kind(SpanKind.SERVER).atNanos(0, rootEnd).add());
    times.add(new long[] {0, rootEnd});
    kinds.add(SpanKind.SERVER);
    services.add("webapp");
    for (int i = 1; i < size; i++) {
      int parent = random.nextInt(ids.size());
      SpanKind parentKind = kinds.get(parent);
      String service = services.get(parent);
      SpanKind kind;
      if (parentKind.isOutbound()) {
        kind = parentKind == SpanKind.CLIENT ? SpanKind.SERVER : SpanKind.CONSUMER;
        if (random.nextInt(10) < 8) {
          service = SERVICES[random.nextInt(SERVICES.length)];
        }
      } else {
        SpanKind[] choices = {
          SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.CLIENT, SpanKind.PRODUCER
        };
        kind = choices[random.nextInt(choices.length)];
      }
      long[] range = times.get(parent);
      long start = range[0] + (long) (random.nextDouble() * (range[1] - range[0]));
      long end = start + (long) (random.nextDouble() * (range[1] - start));
      if (kind == SpanKind.CONSUMER) {
        end = start + random.nextInt(50_000_000);
      }
      ids.add(
          t.span(service, "op" + random.nextInt(4))
              .kind(kind)
              .parent(ids.get(parent))
              .atNanos(start, end)
              .add());
      times.add(new long[] {start, end});
      kinds.add(kind);
      services.add(service);
    }
    return t.build();
  }

  /** Anything goes: random parents (missing, self, cycles), times, kinds, hosts. */
  static Trace chaotic(long seed, int size) {
    Random random = new Random(seed);
    TestTrace t = new TestTrace();
    SpanKind[] kinds = SpanKind.values();
    for (int i = 1; i <= size; i++) {
      long start = random.nextInt(1_000_000_000);
      long end = start + random.nextInt(200_000_000) - 10_000_000;
      int parent = random.nextInt(size + 3);
      t.span(SERVICES[random.nextInt(SERVICES.length)], "op")
          .id(i)
          .kind(kinds[random.nextInt(kinds.length)])
          .host("h" + random.nextInt(2))
          .parent(parent == 0 ? null : new SpanId(parent))
          .atNanos(start, end)
          .add();
    }
    return t.build();
  }
}
