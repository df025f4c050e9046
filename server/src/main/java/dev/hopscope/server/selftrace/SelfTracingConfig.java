package dev.hopscope.server.selftrace;

import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.Setting;
import java.net.URI;
import java.util.Optional;

/**
 * Where Hopscope's own traces go, if anywhere.
 *
 * @param endpoint an OTLP/HTTP base URL; empty with {@code self} set: this server's own receiver
 * @param toSelf send to this server's own OTLP/HTTP receiver (known once it listens)
 * @param tenant sent as {@code X-Scope-OrgID}
 * @param sampleRatio the share of root requests traced
 * @param token a bearer token, when the backend wants one
 */
public record SelfTracingConfig(
    Optional<URI> endpoint, boolean toSelf, String tenant, double sampleRatio, String token) {

  public static final SelfTracingConfig OFF =
      new SelfTracingConfig(Optional.empty(), false, "hopscope-self", 0, "");

  public boolean enabled() {
    return toSelf || endpoint.isPresent();
  }

  /** Reads {@code selfTracing.*}; a bad value names the key, where it came from and the fix. */
  public static SelfTracingConfig from(ConfigSources sources) {
    String endpoint = sources.get(Setting.SELF_TRACING_ENDPOINT).trim();
    double ratio;
    try {
      ratio = Double.parseDouble(sources.get(Setting.SELF_TRACING_SAMPLE_RATIO).trim());
    } catch (NumberFormatException e) {
      ratio = Double.NaN;
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException(
          Setting.SELF_TRACING_SAMPLE_RATIO.key()
              + " is '"
              + sources.get(Setting.SELF_TRACING_SAMPLE_RATIO)
              + "' ("
              + sources.origin(Setting.SELF_TRACING_SAMPLE_RATIO)
              + "); use a number from 0 to 1, e.g. 0.1");
    }
    String tenant = sources.get(Setting.SELF_TRACING_TENANT).trim();
    String token = sources.get(Setting.SELF_TRACING_TOKEN).trim();
    if (endpoint.isEmpty()) {
      return new SelfTracingConfig(Optional.empty(), false, tenant, ratio, token);
    }
    if (endpoint.equals("self")) {
      return new SelfTracingConfig(Optional.empty(), true, tenant, ratio, token);
    }
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          Setting.SELF_TRACING_ENDPOINT.key()
              + " is '"
              + endpoint
              + "' ("
              + sources.origin(Setting.SELF_TRACING_ENDPOINT)
              + "); use an OTLP/HTTP base URL such as http://collector:4318, or self");
    }
    return new SelfTracingConfig(Optional.of(uri), false, tenant, ratio, token);
  }
}
