package dev.hopscope.demo.webapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /products}: the docs' request flow — validate the bearer token with auth, then read
 * the products from the database. The caller's tier travels to auth as W3C baggage.
 */
final class ProductsHandler implements HttpHandler {
  static final String TIER_HEADER = "X-User-Tier";
  static final String TIER_BAGGAGE = "user.tier";
  static final AttributeKey<String> USER_TIER = AttributeKey.stringKey(TIER_BAGGAGE);

  private final AuthClient auth;
  private final ProductRepository products;

  ProductsHandler(AuthClient auth, ProductRepository products) {
    this.auth = auth;
    this.products = products;
  }

  @Override
  @SuppressWarnings("try") // the scope is used for its side effect: what is current inside
  public void handle(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      respond(exchange, 401, "send a bearer token: Authorization: Bearer <token>");
      return;
    }
    String token = authorization.substring("Bearer ".length()).trim();
    String tier = exchange.getRequestHeaders().getFirst(TIER_HEADER);
    tier = tier == null || tier.isBlank() ? "free" : tier.trim();
    Span.current().setAttribute(USER_TIER, tier);
    Baggage baggage = Baggage.current().toBuilder().put(TIER_BAGGAGE, tier).build();
    try (Scope ignored = baggage.storeInContext(Context.current()).makeCurrent()) {
      String user;
      try {
        user = auth.validate(token);
      } catch (IOException e) {
        fail(e);
        respond(exchange, 502, "auth service unavailable: " + e.getMessage());
        return;
      }
      if (user == null) {
        respond(exchange, 401, "token rejected by auth");
        return;
      }
      List<ProductRepository.Product> rows;
      try {
        rows = products.all();
      } catch (SQLException e) {
        fail(e);
        respond(exchange, 503, "database unavailable: " + e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 503, "shutting down");
        return;
      }
      respond(
          exchange,
          200,
          rows.stream()
              .map(ProductRepository.Product::toJson)
              .collect(Collectors.joining(",", "{\"user\":\"" + user + "\",\"products\":[", "]}")));
    }
  }

  private static void fail(Exception e) {
    Span.current().recordException(e);
    Span.current().setStatus(StatusCode.ERROR, e.getMessage());
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
