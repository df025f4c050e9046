package dev.hopscope.otlp.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import zipkin2.Endpoint;
import zipkin2.Span;

/**
 * Seeded random Zipkin v2 spans built with Zipkin's own model, using everything a Zipkin client can
 * send: both endpoints with any mix of service name, IPv4, IPv6 and port, annotations, tags (with
 * the names our mapping treats specially — {@code peer.service}, {@code error}, {@code
 * otel.status_code}, {@code otel.scope.name}, our {@code zipkin.} namespace — and any text), kind,
 * parent, shared and debug. The same seed gives the same spans.
 */
public final class RandomZipkinSpans {
  private static final String[] SPECIAL_TAGS = {
    "peer.service",
    "network.peer.address",
    "network.peer.port",
    "network.local.address",
    "network.local.port",
    "zipkin.shared",
    "zipkin.debug",
    "zipkin.tag.x",
    "zipkin.localEndpoint.ipv6",
    "error",
    "otel.status_code",
    "otel.status_description",
    "otel.scope.name",
    "otel.scope.version",
    "otel.library.name",
    "otel.library.version",
    "http.method",
    "http.url",
    "db.statement"
  };
  private static final String[] TEXT = {
    "",
    "true",
    "false",
    "OK",
    "ERROR",
    "UNSET",
    "boom",
    "GET",
    "alpha",
    "beta gamma",
    "ü,ß",
    "漢字",
    "😀 emoji",
    "[1,2]",
    "{\"a\":1}",
    "quote \" and backslash \\",
    "line\nbreak\ttab",
    "9007199254740993",
    "-0.0",
    "NaN",
    "SELECT * FROM t WHERE id = ?",
    // Zipkin's encoder writes these as backslash-u escapes (control characters, line and paragraph
    // separators); a long value crosses several of the fast path's eight-byte scans.
    "ctrl \u0001 and \u001f",
    "separators \u2028 \u2029",
    "clef \uD834\uDD1E",
    "long " + "abcdefghij".repeat(12) + " \" end"
  };
  private static final Span.Kind[] KINDS = Span.Kind.values();

  private final Random random;
  private final long baseMicros;

  /** Spans starting up to ~18 minutes after {@code baseMicros} (epoch microseconds). */
  public RandomZipkinSpans(long seed, long baseMicros) {
    this.random = new Random(seed);
    this.baseMicros = baseMicros;
  }

  /** {@code count} spans spread over a few traces. */
  public List<Span> spans(int count) {
    List<String> traceIds = new ArrayList<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      long high = random.nextBoolean() ? 0 : random.nextLong();
      traceIds.add(Span.newBuilder().traceId(high, random.nextLong() | 1).id(1).build().traceId());
    }
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      spans.add(span(traceIds.get(random.nextInt(traceIds.size()))));
    }
    return spans;
  }

  private Span span(String traceId) {
    long id = random.nextLong() | 1;
    Span.Builder span = Span.newBuilder().traceId(traceId).id(id);
    if (random.nextBoolean()) {
      span.parentId(random.nextLong() | 2);
    }
    if (random.nextInt(4) > 0) {
      span.kind(KINDS[random.nextInt(KINDS.length)]);
    }
    if (random.nextInt(5) > 0) {
      span.name(text());
    }
    long timestamp = baseMicros + (random.nextLong() & 0xFFF_FFFFL) * 4;
    span.timestamp(timestamp);
    if (random.nextInt(5) > 0) {
      span.duration(1 + random.nextInt(10_000_000));
    }
    if (random.nextInt(7) > 0) {
      span.localEndpoint(endpoint());
    }
    if (random.nextBoolean()) {
      span.remoteEndpoint(endpoint());
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      span.addAnnotation(timestamp + random.nextInt(1_000_000), text());
    }
    for (int i = random.nextInt(7); i > 0; i--) {
      String key =
          random.nextBoolean() ? SPECIAL_TAGS[random.nextInt(SPECIAL_TAGS.length)] : "k." + text();
      span.putTag(key, text());
    }
    // Zipkin's model keeps false as "set", but its JSON leaves false out: only true round-trips.
    if (random.nextInt(5) == 0) {
      span.debug(true);
    }
    if (random.nextInt(4) == 0) {
      span.shared(true);
    }
    return span.build();
  }

  private Endpoint endpoint() {
    Endpoint.Builder endpoint = Endpoint.newBuilder();
    if (random.nextInt(10) < 7) {
      endpoint.serviceName(random.nextBoolean() ? "svc-" + random.nextInt(4) : text());
    }
    if (random.nextBoolean()) {
      endpoint.ip(
          (1 + random.nextInt(223))
              + "."
              + random.nextInt(256)
              + "."
              + random.nextInt(256)
              + "."
              + random.nextInt(256));
    }
    if (random.nextInt(3) == 0) {
      endpoint.ip(
          String.format("2001:db8:%x::%x", random.nextInt(0xFFFF), 1 + random.nextInt(0xFFFE)));
    }
    if (random.nextInt(5) < 2) {
      endpoint.port(1 + random.nextInt(65_535));
    }
    return endpoint.build();
  }

  private String text() {
    return switch (random.nextInt(3)) {
      case 0 -> TEXT[random.nextInt(TEXT.length)];
      case 1 -> "w" + random.nextInt(1000);
      default -> TEXT[random.nextInt(TEXT.length)] + " " + random.nextInt(100);
    };
  }
}
