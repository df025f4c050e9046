package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** One span through the real OpenTelemetry SDK exporter, and whether the receiver took it. */
public final class SdkExport {
  private SdkExport() {}

  /**
   * Exports one span of {@code service} through the SDK's span pipeline and returns its trace id;
   * fails (AssertionError) unless the exporter got an OK answer.
   */
  public static String oneSpan(SpanExporter exporter, String service) {
    // The export's own result, not the provider's flush: SimpleSpanProcessor forgets an export
    // once it completed, so a refusal answered before forceFlush() was called looked like success.
    AtomicReference<CompletableResultCode> answered = new AtomicReference<>();
    SpanExporter recording =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            CompletableResultCode result = exporter.export(spans);
            answered.set(result);
            return result;
          }

          @Override
          public CompletableResultCode flush() {
            return exporter.flush();
          }

          @Override
          public CompletableResultCode shutdown() {
            return exporter.shutdown();
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                io.opentelemetry.sdk.resources.Resource.create(
                    io.opentelemetry.api.common.Attributes.of(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
                        service)))
            .addSpanProcessor(SimpleSpanProcessor.create(recording))
            .build();
    io.opentelemetry.api.trace.Span span = provider.get("it").spanBuilder("op").startSpan();
    String traceId = span.getSpanContext().getTraceId();
    span.end(); // SimpleSpanProcessor exports on end
    CompletableResultCode result = answered.get();
    assertThat(result).as("the span was handed to the exporter").isNotNull();
    result.join(30, TimeUnit.SECONDS);
    provider.shutdown().join(30, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("the exporter got an OK answer").isTrue();
    return traceId;
  }
}
