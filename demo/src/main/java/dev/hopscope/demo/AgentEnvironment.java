package dev.hopscope.demo;

import dev.hopscope.demo.telemetry.ServiceSettings;
import dev.hopscope.demo.telemetry.ShopTelemetry;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code OTEL_*} variables that configure the Java agent the same way {@link ShopTelemetry}
 * configures the SDK in code: same resource attributes, export delay, propagators and endpoint.
 */
final class AgentEnvironment {
  private AgentEnvironment() {}

  static Map<String, String> of(String serviceName, ServiceSettings settings) {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_SERVICE_NAME", serviceName);
    env.put(
        "OTEL_RESOURCE_ATTRIBUTES",
        ShopTelemetry.SERVICE_VERSION_KEY
            + "="
            + settings.version()
            + ","
            + ShopTelemetry.DEPLOYMENT_ENVIRONMENT_KEY
            + "="
            + settings.environment()
            + ","
            + ShopTelemetry.CLOUD_REGION_KEY
            + "="
            + settings.region());
    env.put("OTEL_PROPAGATORS", "tracecontext,baggage");
    env.put("OTEL_BSP_SCHEDULE_DELAY", Long.toString(ShopTelemetry.EXPORT_DELAY_MILLIS));
    if (settings.stdout()) {
      env.put("OTEL_TRACES_EXPORTER", "console");
    } else {
      env.put("OTEL_TRACES_EXPORTER", "otlp");
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", settings.otlpEndpoint().toString());
    }
    // The demo is about traces; metrics and logs would go to endpoints Hopscope does not serve.
    env.put("OTEL_METRICS_EXPORTER", "none");
    env.put("OTEL_LOGS_EXPORTER", "none");
    return env;
  }
}
