package dev.hopscope.demo.auth;

import dev.hopscope.demo.database.ConnectionPool;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Looks a bearer token up in the {@code tokens} table. The agent turns {@link WithSpan} into the
 * {@code ValidateToken} span and its JDBC instrumentation into the query's child span; without the
 * agent both are no-ops, so the service also runs untraced.
 */
final class TokenValidator {
  static final String TIER_BAGGAGE = "user.tier";

  private final ConnectionPool pool;
  private final AuthFaults faults;

  TokenValidator(ConnectionPool pool, AuthFaults faults) {
    this.pool = pool;
    this.faults = faults;
  }

  /** The token's user, or null if the token is unknown. */
  @WithSpan("ValidateToken")
  @Nullable String validateToken(String token) throws SQLException, InterruptedException {
    // The one line of tracing code: baggage is propagated by the agent but recorded nowhere unless
    // a service copies it onto a span.
    String tier = Baggage.current().getEntryValue(TIER_BAGGAGE);
    if (tier != null) {
      Span.current().setAttribute(TIER_BAGGAGE, tier);
    }
    // Thrown inside the traced method, so the agent marks ValidateToken as failed.
    faults.maybeFail();
    return pool.withConnection(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement("SELECT user_name FROM tokens WHERE token = ?")) {
            query.setString(1, token);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next() ? rows.getString(1) : null;
            }
          }
        });
  }
}
