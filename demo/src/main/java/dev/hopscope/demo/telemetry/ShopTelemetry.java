package dev.hopscope.demo.telemetry;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;

/**
 * The tracer set-up from our docs (the seed's {@code initTracer}), in Java: a resource with the
 * four attributes merged with the default resource, a batch span processor, the OTLP exporter (or
 * the logging exporter for {@code --stdout}), and W3C trace context + baggage propagation.
 */
public final class ShopTelemetry {
  // Plain string constants too: the launcher configures the agent with them and, being compile-time
  // constants, they do not load this class (nor the OTel SDK) into the launcher's JVM.
  public static final String SERVICE_VERSION_KEY = "service.version";
  public static final String DEPLOYMENT_ENVIRONMENT_KEY = "deployment.environment.name";
  public static final String CLOUD_REGION_KEY = "cloud.region";

  public static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  public static final AttributeKey<String> SERVICE_VERSION =
      AttributeKey.stringKey(SERVICE_VERSION_KEY);
  public static final AttributeKey<String> DEPLOYMENT_ENVIRONMENT =
      AttributeKey.stringKey(DEPLOYMENT_ENVIRONMENT_KEY);
  public static final AttributeKey<String> CLOUD_REGION = AttributeKey.stringKey(CLOUD_REGION_KEY);

  /**
   * Short export delay: the demo is watched live, and tests wait for spans; the default 5 s would
   * make both feel stuck.
   */
  public static final long EXPORT_DELAY_MILLIS = 200;

  private ShopTelemetry() {}

  /** The resource every shop service reports, the default resource (SDK, host) underneath. */
  public static Resource resource(ServiceSettings settings, String serviceName) {
    return Resource.getDefault()
        .merge(
            Resource.create(
                Attributes.of(
                    SERVICE_NAME,
                    serviceName,
                    SERVICE_VERSION,
                    settings.version(),
                    DEPLOYMENT_ENVIRONMENT,
                    settings.environment(),
                    CLOUD_REGION,
                    settings.region())));
  }

  /** Starts the SDK for {@code serviceName}; the caller closes it on shutdown to flush spans. */
  public static OpenTelemetrySdk start(ServiceSettings settings, String serviceName) {
    SpanExporter exporter =
        settings.stdout()
            ? LoggingSpanExporter.create()
            : OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.otlpEndpoint().resolve("/v1/traces").toString())
                .build();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource(settings, serviceName))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setScheduleDelay(Duration.ofMillis(EXPORT_DELAY_MILLIS))
                    .build())
            .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setPropagators(
            ContextPropagators.create(
                TextMapPropagator.composite(
                    W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }
}
