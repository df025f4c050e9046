package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.hopscope.model.Span;
import dev.hopscope.model.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wire-level behaviour the random property does not reach on its own. */
class OtlpProtobufDecoderTest {
  private static List<Span> decode(byte[] body) {
    DecodeResult result = OtlpProtobufDecoder.decode(body, IngestLimits.defaults());
    assertThat(result.errorMessage()).isEmpty();
    return result.accepted().toSpans();
  }

  @Test
  void readsLegacyInstrumentationLibrarySpans() {
    ScopeSpans legacy =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("old-sdk").setVersion("0.9"))
            .addSpans(MalformedCase.span())
            .build();
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setUnknownFields(
                        UnknownFieldSet.newBuilder()
                            .addField(
                                1000,
                                UnknownFieldSet.Field.newBuilder()
                                    .addLengthDelimited(legacy.toByteString())
                                    .build())
                            .build()))
            .build();

    List<Span> spans = decode(request.toByteArray());

    assertThat(spans).hasSize(1);
    assertThat(spans.getFirst().scope().name()).isEqualTo("old-sdk");
  }

  @Test
  void readsAResourceThatFollowsItsSpansOnTheWire() throws Exception {
    ResourceSpans scopeOnly =
        ResourceSpans.newBuilder()
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(MalformedCase.span()))
            .build();
    ResourceSpans resourceOnly =
        ResourceSpans.newBuilder()
            .setResource(
                Resource.newBuilder()
                    .addAttributes(
                        MalformedCase.kv(
                            "service.name", AnyValue.newBuilder().setStringValue("auth").build())))
            .build();
    // One ResourceSpans message written as two byte runs: scope_spans first, resource last.
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] inner = concat(scopeOnly.toByteArray(), resourceOnly.toByteArray());
    body.write(0x0A);
    body.write(inner.length);
    body.write(inner);

    assertThat(decode(body.toByteArray()).getFirst().serviceName()).isEqualTo("auth");
  }

  @Test
  void mergesARepeatedStatusFieldByField() {
    byte[] status1 = Status.newBuilder().setMessage("first").build().toByteArray();
    byte[] status2 = Status.newBuilder().setCodeValue(2).build().toByteArray();
    io.opentelemetry.proto.trace.v1.Span.Builder span =
        MalformedCase.span()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        15,
                        UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFrom(status1))
                            .addLengthDelimited(ByteString.copyFrom(status2))
                            .build())
                    .build());

    Span decoded = decode(MalformedCase.request(span).toByteArray()).getFirst();

    assertThat(decoded.status().code()).isEqualTo(StatusCode.ERROR);
    assertThat(decoded.status().message()).isEqualTo("first");
  }

  @Test
  void listsNoResourceOrScopeWithoutSpans() {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().setDroppedAttributesCount(1))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("idle"))))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(MalformedCase.span())))
            .build();

    DecodeResult result =
        OtlpProtobufDecoder.decode(request.toByteArray(), IngestLimits.defaults());

    assertThat(result.accepted().resources()).containsExactly(dev.hopscope.model.Resource.EMPTY);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
