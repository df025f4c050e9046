package dev.hopscope.demo.telemetry;

import dev.hopscope.demo.cli.Args;
import java.net.URI;

/**
 * What every shop service is told at start: where to send spans and how to describe itself.
 *
 * @param otlpEndpoint base OTLP/HTTP address, e.g. {@code http://127.0.0.1:4318}
 * @param stdout print spans with the logging exporter instead of sending them
 */
public record ServiceSettings(
    URI otlpEndpoint, boolean stdout, String version, String environment, String region) {
  public static final URI DEFAULT_OTLP_ENDPOINT = URI.create("http://127.0.0.1:4318");
  public static final String DEFAULT_VERSION = "1.0.0";
  public static final String DEFAULT_ENVIRONMENT = "development";
  public static final String DEFAULT_REGION = "us-east-1";

  public static ServiceSettings defaults() {
    return new ServiceSettings(
        DEFAULT_OTLP_ENDPOINT, false, DEFAULT_VERSION, DEFAULT_ENVIRONMENT, DEFAULT_REGION);
  }

  public static ServiceSettings from(Args args) {
    return new ServiceSettings(
        URI.create(args.get("otlp-endpoint", DEFAULT_OTLP_ENDPOINT.toString())),
        args.has("stdout"),
        args.get("service-version", DEFAULT_VERSION),
        args.get("environment", DEFAULT_ENVIRONMENT),
        args.get("region", DEFAULT_REGION));
  }

  /** The same settings as flags, for a child process. */
  public String[] toArgs() {
    String[] common = {
      "--otlp-endpoint", otlpEndpoint.toString(),
      "--service-version", version,
      "--environment", environment,
      "--region", region
    };
    if (!stdout) {
      return common;
    }
    String[] withStdout = java.util.Arrays.copyOf(common, common.length + 1);
    withStdout[common.length] = "--stdout";
    return withStdout;
  }
}
