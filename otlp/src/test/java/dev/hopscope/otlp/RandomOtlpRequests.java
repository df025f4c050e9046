package dev.hopscope.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Random;

/**
 * Random {@code ExportTraceServiceRequest}s built with the reference protobuf classes: every
 * AnyValue type nested, absent and empty fields, unknown fields of every wire type (groups too) at
 * every level, and about one span in twenty broken in one of the ways the decoders must reject.
 */
final class RandomOtlpRequests {
  private static final String[] TEXT = {
    "", "GET /products", "auth", "ünïcødé", "日本語", "emoji 😀", "tab\tquote\"", "service.name"
  };

  private final Random random;
  private final boolean negativeZero;

  RandomOtlpRequests(long seed) {
    this(seed, true);
  }

  /**
   * @param negativeZero whether doubles may be -0.0, which protobuf's JSON parser reads as 0.0
   */
  RandomOtlpRequests(long seed, boolean negativeZero) {
    this.random = new Random(seed);
    this.negativeZero = negativeZero;
  }

  ExportTraceServiceRequest request() {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    for (int i = sometimesNone(3); i > 0; i--) {
      request.addResourceSpans(resourceSpans());
    }
    request.setUnknownFields(unknown());
    return request.build();
  }

  private ResourceSpans resourceSpans() {
    ResourceSpans.Builder out = ResourceSpans.newBuilder();
    if (random.nextInt(5) != 0) {
      Resource.Builder resource = Resource.newBuilder();
      if (random.nextInt(4) != 0) {
        resource.addAttributes(
            keyValue("service.name", AnyValue.newBuilder().setStringValue(text()).build()));
      }
      for (int i = random.nextInt(3); i > 0; i--) {
        resource.addAttributes(keyValue(1));
      }
      resource.setDroppedAttributesCount(random.nextInt(3) == 0 ? random.nextInt(4) : 0);
      out.setResource(resource.setUnknownFields(unknown()));
    }
    for (int i = sometimesNone(2); i > 0; i--) {
      out.addScopeSpans(scopeSpans());
    }
    if (random.nextBoolean()) {
      out.setSchemaUrl("https://opentelemetry.io/schemas/1.26.0");
    }
    return out.setUnknownFields(unknown()).build();
  }

  private ScopeSpans scopeSpans() {
    ScopeSpans.Builder out = ScopeSpans.newBuilder();
    if (random.nextInt(4) != 0) {
      InstrumentationScope.Builder scope =
          InstrumentationScope.newBuilder()
              .setName(text())
              .setVersion(random.nextBoolean() ? "1.2.3" : "");
      for (int i = random.nextInt(2); i > 0; i--) {
        scope.addAttributes(keyValue(1));
      }
      scope.setDroppedAttributesCount(random.nextInt(4) == 0 ? 1 : 0);
      out.setScope(scope.setUnknownFields(unknown()));
    }
    for (int i = sometimesNone(4); i > 0; i--) {
      out.addSpans(span());
    }
    if (random.nextInt(4) == 0) {
      out.setSchemaUrl("https://example.com/scope");
    }
    return out.setUnknownFields(unknown()).build();
  }

  private Span span() {
    long start =
        random.nextInt(10) == 0
            ? random.nextLong()
            : 1_700_000_000_000_000_000L + random.nextInt(1 << 30);
    long end = start + random.nextInt(5_000_000);
    Span.Builder out =
        Span.newBuilder()
            .setTraceId(bytes(16))
            .setSpanId(bytes(8))
            .setTraceState(random.nextInt(4) == 0 ? "vendor=value" : "")
            .setName(text())
            .setKindValue(random.nextInt(6))
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end)
            .setFlags(random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(2))
            .setDroppedAttributesCount(random.nextInt(3) == 0 ? random.nextInt(5) : 0)
            .setDroppedEventsCount(random.nextInt(4) == 0 ? 1 : 0)
            .setDroppedLinksCount(random.nextInt(4) == 0 ? 2 : 0);
    if (random.nextBoolean()) {
      out.setParentSpanId(bytes(8));
    }
    for (int i = random.nextInt(6); i > 0; i--) {
      out.addAttributes(keyValue(3));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      Span.Event.Builder event =
          Span.Event.newBuilder().setTimeUnixNano(start + random.nextInt(1000)).setName(text());
      for (int j = random.nextInt(3); j > 0; j--) {
        event.addAttributes(keyValue(2));
      }
      event.setDroppedAttributesCount(random.nextInt(5) == 0 ? 3 : 0);
      out.addEvents(event.setUnknownFields(unknown()));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      Span.Link.Builder link =
          Span.Link.newBuilder()
              .setTraceId(bytes(16))
              .setSpanId(bytes(8))
              .setTraceState(random.nextBoolean() ? "a=b" : "")
              .setFlags(random.nextInt(3) == 0 ? 0x301 : 0)
              .setDroppedAttributesCount(random.nextInt(5) == 0 ? 1 : 0);
      for (int j = random.nextInt(2); j > 0; j--) {
        link.addAttributes(keyValue(1));
      }
      out.addLinks(link.setUnknownFields(unknown()));
    }
    if (random.nextInt(3) != 0) {
      out.setStatus(
          Status.newBuilder()
              .setCodeValue(random.nextInt(3))
              .setMessage(random.nextBoolean() ? text() : "")
              .setUnknownFields(unknown()));
    }
    if (random.nextInt(20) == 0) {
      breakSpan(out);
    }
    return out.setUnknownFields(unknown()).build();
  }

  /** One of the rule violations the decoders must reject (the reference mapper knows them all). */
  private void breakSpan(Span.Builder span) {
    switch (random.nextInt(9)) {
      case 0 -> span.setTraceId(bytes(15));
      case 1 -> span.setTraceId(ByteString.copyFrom(new byte[16]));
      case 2 -> span.setSpanId(ByteString.EMPTY);
      case 3 -> span.setSpanId(ByteString.copyFrom(new byte[8]));
      case 4 -> span.setParentSpanId(bytes(7));
      case 5 -> span.setEndTimeUnixNano(span.getStartTimeUnixNano() - 1);
      case 6 -> span.setKindValue(6 + random.nextInt(100));
      case 7 -> span.setStatus(Status.newBuilder().setCodeValue(3));
      default -> span.addLinks(Span.Link.newBuilder().setTraceId(bytes(16)).setSpanId(bytes(4)));
    }
  }

  private KeyValue keyValue(int depth) {
    String key = random.nextInt(10) == 0 ? "" : "attr." + random.nextInt(12);
    if (random.nextInt(15) == 0) {
      return KeyValue.newBuilder().setKey(key).setUnknownFields(unknown()).build();
    }
    return keyValue(key, anyValue(depth));
  }

  private KeyValue keyValue(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).setUnknownFields(unknown()).build();
  }

  private AnyValue anyValue(int depth) {
    AnyValue.Builder out = AnyValue.newBuilder();
    switch (random.nextInt(depth > 0 ? 9 : 7)) {
      case 0 -> out.setStringValue(text());
      case 1 -> out.setBoolValue(random.nextBoolean());
      case 2 -> out.setIntValue(random.nextInt(3) == 0 ? 0 : random.nextLong());
      case 3 -> out.setDoubleValue(doubleValue());
      case 4 -> out.setBytesValue(bytes(random.nextInt(6)));
      case 5 -> {} // no value set: an empty AnyValue
      case 6 -> out.setStringValue("");
      case 7 -> {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.addValues(anyValue(depth - 1));
        }
        out.setArrayValue(array.setUnknownFields(unknown()));
      }
      default -> {
        KeyValueList.Builder list = KeyValueList.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.addValues(keyValue(depth - 1));
        }
        out.setKvlistValue(list.setUnknownFields(unknown()));
      }
    }
    return out.setUnknownFields(unknown()).build();
  }

  private double doubleValue() {
    return switch (random.nextInt(6)) {
      case 0 -> Double.NaN;
      case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2 -> negativeZero && random.nextBoolean() ? -0.0 : 0.0;
      default -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
    };
  }

  /** Mostly nothing; sometimes fields with numbers no OTLP message uses, of every wire type. */
  private UnknownFieldSet unknown() {
    if (random.nextInt(8) != 0) {
      return UnknownFieldSet.getDefaultInstance();
    }
    UnknownFieldSet.Builder set = UnknownFieldSet.newBuilder();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
      switch (random.nextInt(5)) {
        case 0 -> field.addVarint(random.nextLong());
        case 1 -> field.addFixed32(random.nextInt());
        case 2 -> field.addFixed64(random.nextLong());
        case 3 -> field.addLengthDelimited(bytes(random.nextInt(12)));
        default ->
            field.addGroup(
                UnknownFieldSet.newBuilder()
                    .addField(
                        3 + random.nextInt(5),
                        UnknownFieldSet.Field.newBuilder().addVarint(random.nextInt(300)).build())
                    .build());
      }
      // From 2000 up: clear of every OTLP field number, 1000 (legacy library spans) included.
      set.addField(2000 + random.nextInt(5000), field.build());
    }
    return set.build();
  }

  /** 1 to {@code max}, or (one time in eight) 0: empty repeated fields must work too. */
  private int sometimesNone(int max) {
    return random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(max);
  }

  private String text() {
    return TEXT[random.nextInt(TEXT.length)];
  }

  private ByteString bytes(int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return ByteString.copyFrom(out);
  }
}
