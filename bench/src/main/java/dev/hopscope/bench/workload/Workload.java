package dev.hopscope.bench.workload;

import dev.hopscope.bench.workload.Topology.Operation;
import dev.hopscope.bench.workload.Topology.Service;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Seeded synthetic traces: trees of 5–30 spans (or any size for {@link #bigTrace}) rooted at the
 * frontend, CLIENT/SERVER pairs between services with outbound and return gaps, database CLIENT
 * spans with no server child, INTERNAL spans, about 2% errors, and 10 attributes per span whose
 * cardinalities run from 2 (cache.hit) to 20,000 (user.id). The same seed gives the same traces.
 * Not thread-safe: one instance per load connection.
 */
public final class Workload {
  /** The seed of every published number. */
  public static final long DEFAULT_SEED = 20_261_201L;

  static final int HOSTS_PER_SERVICE = 3;
  static final int USERS = 20_000;
  private static final String[] TIERS = {"free", "pro", "enterprise"};
  private static final String[] ZONES = {
    "eu-west-1a", "eu-west-1b", "eu-west-1c", "us-east-1a", "us-east-1b", "us-east-1c"
  };
  private static final String[] ERRORS = {
    "connection reset by peer", "deadline exceeded", "internal error", "upstream unavailable"
  };

  private final Random random;
  private final Resource[][] resources;
  private final InstrumentationScope[] scopes;

  public Workload(long seed) {
    this.random = new Random(seed);
    List<Service> services = Topology.SERVICES;
    this.resources = new Resource[services.size()][HOSTS_PER_SERVICE];
    this.scopes = new InstrumentationScope[services.size()];
    for (int s = 0; s < services.size(); s++) {
      Service service = services.get(s);
      for (int h = 0; h < HOSTS_PER_SERVICE; h++) {
        resources[s][h] =
            Resource.of(
                Attributes.builder()
                    .put(Resource.SERVICE_NAME, service.name())
                    .put("service.version", "1." + (s % 4) + "." + (s * 7 % 10))
                    .put("host.name", service.name() + "-" + h)
                    .put("deployment.environment.name", "production")
                    .put("telemetry.sdk.language", service.language())
                    .build());
      }
      scopes[s] = InstrumentationScope.of(service.scope(), "1." + (20 + s) + ".0");
    }
  }

  /** The trace ids and span counts of one generated batch, for the lost-span check. */
  public record Batch(SpanBatch spans, long[] traceHigh, long[] traceLow, int[] traceSpans) {
    public int traces() {
      return traceHigh.length;
    }
  }

  /**
   * Whole traces until the batch holds at least {@code targetSpans} spans or one more trace would
   * pass {@code maxSpans}; at least one trace. Traces start within the second before {@code
   * nowNanos}.
   */
  public Batch nextBatch(int targetSpans, int maxSpans, long nowNanos) {
    SpanBatch.Builder builder = SpanBatch.builder();
    List<long[]> ids = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    while (builder.size() < targetSpans) {
      int size = 5 + random.nextInt(26);
      if (!ids.isEmpty() && builder.size() + size > maxSpans) {
        break;
      }
      long high = random.nextLong() | 1L << 62;
      long low = random.nextLong() | 1;
      long start = nowNanos - random.nextInt(1_000_000_000);
      new TraceBuilder(builder, high, low).build(size, start);
      ids.add(new long[] {high, low});
      counts.add(size);
    }
    long[] highs = new long[ids.size()];
    long[] lows = new long[ids.size()];
    int[] spans = new int[ids.size()];
    for (int i = 0; i < highs.length; i++) {
      highs[i] = ids.get(i)[0];
      lows[i] = ids.get(i)[1];
      spans[i] = counts.get(i);
    }
    return new Batch(builder.build(), highs, lows, spans);
  }

  /** One trace of exactly {@code spans} spans, e.g. 10,000 for the hop-analysis benchmark. */
  public Trace bigTrace(int spans, long startNanos) {
    SpanBatch.Builder builder = SpanBatch.builder();
    long high = random.nextLong() | 1L << 62;
    long low = random.nextLong() | 1;
    new TraceBuilder(builder, high, low).build(spans, startNanos);
    return new Trace(new TraceId(high, low), builder.build().toSpans());
  }

  /** Grows one trace tree; every span hangs under a SERVER span of its own service. */
  private final class TraceBuilder {
    private final SpanBatch.Builder batch;
    private final long high;
    private final long low;
    private final List<Node> servers = new ArrayList<>();
    private final String user;
    private final String tier;
    private int count;

    private record Node(long spanId, int service, long start, long end, int host) {}

    TraceBuilder(SpanBatch.Builder batch, long high, long low) {
      this.batch = batch;
      this.high = high;
      this.low = low;
      this.user = "user-" + random.nextInt(USERS);
      int t = random.nextInt(100);
      this.tier = TIERS[t < 70 ? 0 : t < 95 ? 1 : 2];
    }

    void build(int size, long start) {
      int frontend = 0;
      long duration = logNormal(30e6, 1.0, 2_000_000L, 5_000_000_000L);
      Operation op = pick(Topology.SERVICES.get(frontend).operations());
      servers.add(
          span(frontend, op.name(), op, SpanKind.SERVER, 0, start, start + duration, null, false));
      while (count < size) {
        Node parent = servers.get(random.nextInt(servers.size()));
        Service service = Topology.SERVICES.get(parent.service());
        int left = size - count;
        double dice = random.nextDouble();
        long childStart = parent.start() + (long) ((parent.end() - parent.start()) * 0.6 * dice);
        long childEnd =
            childStart + (long) ((parent.end() - childStart) * (0.1 + 0.8 * random.nextDouble()));
        if (left >= 2 && !service.callees().isEmpty() && dice < 0.55) {
          call(parent, service, childStart, childEnd);
        } else if (service.hasDatabase() && dice < 0.85) {
          String statement = pick(service.statements());
          boolean error = random.nextInt(100) == 0;
          span(
              parent.service(),
              statement,
              pick(service.operations()),
              SpanKind.CLIENT,
              parent.spanId(),
              childStart,
              childEnd,
              service.dbSystem(),
              error);
        } else {
          span(
              parent.service(),
              "render " + pick(service.operations()).route(),
              pick(service.operations()),
              SpanKind.INTERNAL,
              parent.spanId(),
              childStart,
              childEnd,
              null,
              false);
        }
      }
    }

    /** A CLIENT span in the caller and its SERVER child in the callee, with both gaps. */
    private void call(Node parent, Service caller, long start, long end) {
      int callee = indexOf(pick(caller.callees()));
      Operation op = pick(Topology.SERVICES.get(callee).operations());
      boolean error = random.nextInt(100) < 3;
      // Usually tens of microseconds to a millisecond; one hop in a hundred is a slow network.
      long outbound =
          random.nextInt(100) == 0
              ? logNormal(80e6, 0.5, 20_000_000L, 400_000_000L)
              : logNormal(300e3, 0.8, 20_000L, 3_000_000L);
      long back = logNormal(150e3, 0.8, 10_000L, 2_000_000L);
      long serverStart = start + outbound;
      long serverEnd = Math.max(serverStart + 50_000L, end - back);
      // The client span stretches when both gaps and the server's work do not fit in it.
      long clientEnd = Math.max(end, serverEnd + back);
      Node client =
          span(
              parent.service(),
              op.name(),
              op,
              SpanKind.CLIENT,
              parent.spanId(),
              start,
              clientEnd,
              null,
              error);
      servers.add(
          span(
              callee,
              op.name(),
              op,
              SpanKind.SERVER,
              client.spanId(),
              serverStart,
              serverEnd,
              null,
              error));
    }

    private Node span(
        int service,
        String name,
        Operation op,
        SpanKind kind,
        long parentSpanId,
        long start,
        long end,
        @Nullable String dbSystem,
        boolean error) {
      int host = random.nextInt(HOSTS_PER_SERVICE);
      long spanId = random.nextLong() | 1;
      int resource = batch.resourceIndex(resources[service][host]);
      int scope = batch.scopeIndex(scopes[service]);
      long status =
          error ? (random.nextBoolean() ? 500 : 503) : random.nextInt(100) == 0 ? 404 : 200;
      String peer =
          dbSystem != null
              ? dbSystem + "-" + (service % 3)
              : Topology.SERVICES.get(service).name() + "-" + host;
      batch
          .beginSpan(resource, scope)
          .traceId(high, low)
          .spanId(spanId)
          .parentSpanId(parentSpanId)
          .name(name)
          .kind(kind)
          .startNanos(start)
          .endNanos(Math.max(end, start + 1))
          .status(error ? StatusCode.ERROR : StatusCode.UNSET, error ? pick(ERRORS) : "")
          .flags(1)
          .attribute("http.request.method", AttributeValue.of(op.method()))
          .attribute("http.response.status_code", AttributeValue.of(status))
          .attribute("http.route", AttributeValue.of(op.route()))
          .attribute("user.id", AttributeValue.of(user))
          .attribute("customer.tier", AttributeValue.of(tier))
          .attribute("server.address", AttributeValue.of(peer))
          .attribute("thread.id", AttributeValue.of((long) 1 + random.nextInt(200)))
          .attribute("request.size", AttributeValue.of(logNormal(2_000, 1.5, 0, 1_000_000)))
          .attribute("cache.hit", AttributeValue.of(random.nextInt(4) == 0))
          .attribute(
              dbSystem != null ? "db.system" : "cloud.availability_zone",
              AttributeValue.of(dbSystem != null ? dbSystem : ZONES[random.nextInt(ZONES.length)]))
          .commitSpan();
      count++;
      return new Node(spanId, service, start, end, host);
    }

    private long logNormal(double median, double sigma, long min, long max) {
      double value = median * Math.exp(sigma * random.nextGaussian());
      return Math.max(min, Math.min(max, (long) value));
    }

    private <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
      return values[random.nextInt(values.length)];
    }

    private int indexOf(String service) {
      return Topology.SERVICES.indexOf(Topology.service(service));
    }
  }
}
