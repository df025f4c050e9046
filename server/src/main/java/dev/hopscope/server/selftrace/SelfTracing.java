package dev.hopscope.server.selftrace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Hopscope tracing itself with the OpenTelemetry SDK: a SERVER span for every sampled request on
 * every listener (ingest over OTLP and Zipkin, every query and analysis API), sent over OTLP/HTTP
 * to another backend or to this server's own receiver as a tenant of its own. Off by default.
 *
 * <p>Its own exports carry {@link #MARKER}; requests with it are never traced, so a server tracing
 * into itself does not trace the traffic of its tracing, which would never end.
 */
public final class SelfTracing implements AutoCloseable {
  /** The header the exporter sends; the wrapper leaves such requests untraced. */
  public static final String MARKER = "X-Hopscope-Self-Tracing";

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> LISTENER = AttributeKey.stringKey("hopscope.listener");
  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("hopscope.tenant");
  // Trace ids and similar in paths would make every span name unique.
  private static final Pattern ID_SEGMENT = Pattern.compile("/[0-9a-fA-F]{16,32}(?=/|$)");

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private SelfTracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get("dev.hopscope.server");
  }

  /** Starts exporting to {@code otlpHttpBase} (e.g. {@code http://127.0.0.1:4318}). */
  public static SelfTracing start(SelfTracingConfig config, URI otlpHttpBase, String role) {
    String base = otlpHttpBase.toString().replaceAll("/+$", "");
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(base + "/v1/traces")
            .addHeader(MARKER, "1")
            .addHeader("X-Scope-OrgID", config.tenant());
    if (!config.token().isEmpty()) {
      exporter.addHeader("Authorization", "Bearer " + config.token());
    }
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "hopscope",
                        AttributeKey.stringKey("service.instance.id"),
                        UUID.randomUUID().toString(),
                        AttributeKey.stringKey("hopscope.role"),
                        role)));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
            .build();
    return new SelfTracing(provider);
  }

  /** Hands {@code request} to {@code handler} inside a SERVER span, unless it is our own export. */
  public void handle(
      String listener, Handler<HttpServerRequest> handler, HttpServerRequest request) {
    {
      if (request.getHeader(MARKER) != null) {
        handler.handle(request);
        return;
      }
      String path = request.path();
      Span span =
          tracer
              .spanBuilder(
                  request.method().name() + " " + ID_SEGMENT.matcher(path).replaceAll("/{id}"))
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(METHOD, request.method().name())
              .setAttribute(PATH, path)
              .setAttribute(LISTENER, listener)
              .startSpan();
      String tenant = request.getHeader("X-Scope-OrgID");
      if (tenant != null) {
        span.setAttribute(TENANT, tenant);
      }
      request
          .response()
          .endHandler(
              ignored -> {
                int status = request.response().getStatusCode();
                span.setAttribute(STATUS, status);
                if (status >= 500) {
                  span.setStatus(StatusCode.ERROR);
                }
                span.end();
              });
      // A request whose connection drops before an answer leaves its span unended: not exported.
      handler.handle(request);
    }
  }

  /** Sends what is buffered now; for tests and for a stop. */
  public void flush() {
    provider.forceFlush().join(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
