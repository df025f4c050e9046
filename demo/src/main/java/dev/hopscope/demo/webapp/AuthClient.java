package dev.hopscope.demo.webapp;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Asks the auth service to validate a bearer token ({@code ValidateToken}) over HTTP. OkHttp with
 * OpenTelemetry's okhttp-3.0 library instrumentation makes the CLIENT span and injects {@code
 * traceparent} and {@code baggage} into the request.
 */
final class AuthClient {
  private final Call.Factory calls;
  private final String validateUrl;

  AuthClient(OpenTelemetry openTelemetry, URI authBase, Duration timeout) {
    OkHttpClient client =
        new OkHttpClient.Builder()
            // An injected error must reach the trace as an error, not vanish into a silent retry.
            .retryOnConnectionFailure(false)
            .callTimeout(timeout)
            .build();
    this.calls = OkHttpTelemetry.create(openTelemetry).createCallFactory(client);
    this.validateUrl = authBase.resolve("/validate").toString();
  }

  /** The validated user's name, or null when auth rejected the token. */
  @Nullable String validate(String token) throws IOException {
    Request request =
        new Request.Builder()
            .url(validateUrl)
            .header("Authorization", "Bearer " + token)
            .post(RequestBody.create(new byte[0]))
            .build();
    try (Response response = calls.newCall(request).execute()) {
      if (response.code() == 200) {
        return response.body().string();
      }
      if (response.code() == 401) {
        return null;
      }
      throw new IOException("auth answered " + response.code() + " to " + validateUrl);
    }
  }
}
