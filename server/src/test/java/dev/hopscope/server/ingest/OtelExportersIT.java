package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real OpenTelemetry Java SDK exporters against a running server: what is sent is kept. */
class OtelExportersIT {
  @TempDir Path dataDir;

  private HopscopeServer server;

  @BeforeEach
  void start() {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  enum Transport {
    GRPC,
    GRPC_GZIP,
    HTTP_PROTOBUF,
    HTTP_PROTOBUF_GZIP;

    SpanExporter exporter(HopscopeServer server, String tenant) {
      String compression = name().endsWith("GZIP") ? "gzip" : "none";
      if (name().startsWith("GRPC")) {
        var builder =
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
                .setCompression(compression);
        if (tenant != null) {
          builder.addHeader("X-Scope-OrgID", tenant);
        }
        return builder.build();
      }
      var builder =
          OtlpHttpSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces")
              .setCompression(compression);
      if (tenant != null) {
        builder.addHeader("X-Scope-OrgID", tenant);
      }
      return builder.build();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everythingSentIsReadBackExactly(Transport transport) {
    List<SpanData> sent = export(transport.exporter(server, null));
    assertThat(sent).hasSize(3);
    for (SpanData data : sent) {
      Span expected = SpanDataMapping.toSpan(data);
      Trace trace = server.store().trace(Tenants.DEFAULT, expected.traceId()).orElseThrow();
      assertThat(trace.spans()).contains(expected);
    }
  }

  @Test
  void tenantsComeFromTheScopeHeaderAndNeverMix() {
    List<SpanData> sent = export(Transport.GRPC.exporter(server, "acme"));
    TraceId traceId = TraceId.fromHex(sent.get(0).getTraceId());
    assertThat(server.store().trace("acme", traceId)).isPresent();
    assertThat(server.store().trace(Tenants.DEFAULT, traceId)).isEmpty();

    List<SpanData> overHttp = export(Transport.HTTP_PROTOBUF.exporter(server, "acme"));
    assertThat(server.store().trace("acme", TraceId.fromHex(overHttp.get(0).getTraceId())))
        .isPresent();
  }

  /** Records a small trace covering every field and returns what the SDK exported. */
  private static List<SpanData> export(SpanExporter exporter) {
    Capture capture = new Capture();
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", "webapp")
                        .put("service.version", "1.0.0")
                        .put("deployment.environment.name", "test")
                        .put("cloud.region", "eu-west-1")
                        .build()));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .addSpanProcessor(SimpleSpanProcessor.create(capture))
            .build();
    Tracer tracer = provider.get("dev.hopscope.it", "1.2.3");
    SpanContext linked =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    io.opentelemetry.api.trace.Span root =
        tracer
            .spanBuilder("GET /products")
            .setSpanKind(SpanKind.SERVER)
            .addLink(linked, Attributes.of(AttributeKey.stringKey("link.reason"), "retry"))
            .startSpan();
    root.setAttribute("http.request.method", "GET");
    root.setAttribute("http.response.status_code", 200L);
    root.setAttribute("sampled", true);
    root.setAttribute("ratio", 0.25);
    root.setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "ü", ""));
    root.setAttribute(AttributeKey.longArrayKey("codes"), List.of(1L, -2L));
    root.setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.5, 1e300));
    root.setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false));
    root.addEvent("cache miss", Attributes.of(AttributeKey.longKey("attempt"), 2L));
    io.opentelemetry.api.trace.Span client =
        tracer
            .spanBuilder("ValidateToken")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.current().with(root))
            .startSpan();
    client.setStatus(StatusCode.ERROR, "token expired");
    client.end();
    io.opentelemetry.api.trace.Span internal =
        tracer.spanBuilder("render").setParent(Context.current().with(root)).startSpan();
    internal.setStatus(StatusCode.OK);
    internal.end();
    root.end();
    CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
    assertThat(flushed.isSuccess()).as("the exporter got an OK answer").isTrue();
    provider.shutdown().join(30, TimeUnit.SECONDS);
    return capture.spans();
  }

  private static final class Capture implements SpanExporter {
    private final List<SpanData> spans = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    List<SpanData> spans() {
      return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
