package dev.hopscope.server.auth;

import dev.hopscope.server.config.AuthConfig;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/** Builds the server's {@link AccessControl} from its configuration, and answers refusals. */
public final class Authentication {
  private Authentication() {}

  public static AccessControl accessControl(AuthConfig config, ServerMetrics metrics) {
    if (config.tokensFile().isEmpty()) {
      return AccessControl.open();
    }
    TokenRegistry tokens =
        TokenRegistry.open(
            config.tokensFile().get(),
            InstantSource.system(),
            () -> metrics.authFailure("tokens_file", "reload_failed"));
    return AccessControl.tokens(
        tokens,
        new SessionTokens(config.sessionTtl(), InstantSource.system(), new SecureRandom()),
        new FailureThrottle(config.freeFailures(), System::nanoTime),
        metrics);
  }

  /**
   * Runs {@code answer} after {@code delay} (repeated failures), without holding the event loop.
   */
  public static void later(Duration delay, Runnable answer) {
    if (delay.isZero()) {
      answer.run();
      return;
    }
    // Its callers (AccessGate, SignIn, HttpReceiver, GrpcExportCall) answer requests from their
    // handlers, which Vert.x always runs on a context of its own.
    Context context =
        Objects.requireNonNull(Vertx.currentContext(), "later() runs in a request handler");
    context.owner().setTimer(delay.toMillis(), ignored -> answer.run());
  }
}
