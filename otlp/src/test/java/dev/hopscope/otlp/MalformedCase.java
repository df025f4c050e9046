package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * One broken input of the malformed-input tables: the reason it is counted under, the words its
 * message must contain (field, value, rule, fix) and what is still accepted. A case either rejects
 * spans ({@code accepted >= 0}) or refuses the whole request ({@code accepted == -1}). Also the
 * request builders the tables share.
 */
record MalformedCase(
    String name,
    Supplier<DecodeResult> decode,
    RejectReason reason,
    int accepted,
    int rejected,
    String... messageParts) {
  static final IngestLimits LIMITS = IngestLimits.defaults();

  @Override
  public String toString() {
    return name;
  }

  void verify() {
    if (accepted < 0) {
      assertThatThrownBy(decode::get)
          .isInstanceOfSatisfying(
              MalformedRequestException.class, e -> assertThat(e.reason()).isEqualTo(reason))
          .message()
          .contains(messageParts);
      return;
    }
    DecodeResult result = decode.get();
    assertThat(result.accepted().size()).isEqualTo(accepted);
    assertThat(result.rejectedSpans()).isEqualTo(rejected);
    assertThat(result.rejectedByReason()).containsEntry(reason, rejected);
    assertThat(result.errorMessage()).contains(messageParts);
  }

  static MalformedCase refused(
      String name, Supplier<DecodeResult> decode, RejectReason reason, String... parts) {
    return new MalformedCase(name, decode, reason, -1, 0, parts);
  }

  /** A request of one valid span and the broken one: the valid one must still be accepted. */
  static MalformedCase rejected(
      String name, Supplier<DecodeResult> decode, RejectReason reason, String... parts) {
    return new MalformedCase(name, decode, reason, 1, 1, parts);
  }

  static Supplier<DecodeResult> proto(Span.Builder broken) {
    return proto(request(span(), broken).toByteArray());
  }

  static Supplier<DecodeResult> proto(byte[] body) {
    return () -> OtlpProtobufDecoder.decode(body, LIMITS);
  }

  static Supplier<DecodeResult> json(String body) {
    return () -> OtlpJsonDecoder.decode(body.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  static Supplier<DecodeResult> zipkin(String body) {
    return () -> ZipkinJsonDecoder.decode(body.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  static String otlpJson(String... spans) {
    return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + String.join(",", spans) + "]}]}]}";
  }

  static Span.Builder span() {
    return Span.newBuilder()
        .setTraceId(bytes(16, 0x5b))
        .setSpanId(bytes(8, 0xee))
        .setName("GET /")
        .setStartTimeUnixNano(1000)
        .setEndTimeUnixNano(2000);
  }

  static ExportTraceServiceRequest request(Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder span : spans) {
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            kv(
                                "service.name",
                                AnyValue.newBuilder().setStringValue("auth").build())))
                .addScopeSpans(scope))
        .build();
  }

  static byte[] withUnknown(int field, UnknownFieldSet.Field value) {
    return request(
            span().setUnknownFields(UnknownFieldSet.newBuilder().addField(field, value).build()))
        .toByteArray();
  }

  static Span.Builder repeat(Span.Builder span, int times, UnaryOperator<Span.Builder> add) {
    for (int i = 0; i < times; i++) {
      add.apply(span);
    }
    return span;
  }

  static AnyValue nested(int depth) {
    AnyValue value = AnyValue.newBuilder().setIntValue(1).build();
    for (int i = 0; i < depth; i++) {
      value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
    }
    return value;
  }

  /**
   * A string field holding bytes that are not UTF-8. protobuf-java's setters refuse such strings,
   * so they travel as an unknown field with the string's number, which serialises identically.
   */
  static UnknownFieldSet invalidUtf8(int field, int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return UnknownFieldSet.newBuilder()
        .addField(
            field,
            UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(raw)).build())
        .build();
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static ByteString bytes(int length, int fill) {
    byte[] out = new byte[length];
    Arrays.fill(out, (byte) fill);
    return ByteString.copyFrom(out);
  }

  static byte[] gzipZeros(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 16];
      for (int written = 0; written < size; written += zeros.length) {
        gzip.write(zeros);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
