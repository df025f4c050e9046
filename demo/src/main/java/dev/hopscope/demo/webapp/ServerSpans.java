package dev.hopscope.demo.webapp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * SERVER spans for the JDK's HTTP server. OpenTelemetry's library instrumentation for it does not
 * resolve here (only the agent has it), so this is the small part of it the shop needs: extract the
 * W3C context and baggage from the request, start a span with the HTTP semantic-convention
 * attributes, keep it current while the handler runs.
 */
final class ServerSpans {
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");

  private static final TextMapGetter<Headers> HEADERS =
      new TextMapGetter<>() {
        @Override
        public @Nullable String get(@Nullable Headers carrier, String key) {
          return carrier == null ? null : carrier.getFirst(key);
        }
      };

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;

  ServerSpans(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry.getTracer("dev.hopscope.demo.webapp.http");
  }

  /** Wraps {@code handler} for requests on {@code route}. */
  @SuppressWarnings("try") // the scope is used for its side effect: the span is current inside
  HttpHandler traced(String route, HttpHandler handler) {
    return exchange -> {
      Context parent =
          openTelemetry
              .getPropagators()
              .getTextMapPropagator()
              .extract(Context.root(), exchange.getRequestHeaders(), HEADERS);
      String method = exchange.getRequestMethod();
      Span span =
          tracer
              .spanBuilder(method + " " + route)
              .setParent(parent)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(HTTP_METHOD, method)
              .setAttribute(HTTP_ROUTE, route)
              .setAttribute(URL_PATH, exchange.getRequestURI().getPath())
              .setAttribute(URL_SCHEME, "http")
              .setAttribute(SERVER_ADDRESS, exchange.getLocalAddress().getHostString())
              .setAttribute(SERVER_PORT, (long) exchange.getLocalAddress().getPort())
              .setAttribute(CLIENT_ADDRESS, exchange.getRemoteAddress().getHostString())
              .startSpan();
      String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
      if (userAgent != null) {
        span.setAttribute(USER_AGENT, userAgent);
      }
      try (Scope ignored = span.storeInContext(parent).makeCurrent()) {
        handler.handle(exchange);
      } catch (IOException | RuntimeException e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR);
        throw e;
      } finally {
        int status = exchange.getResponseCode();
        if (status > 0) {
          span.setAttribute(STATUS, (long) status);
          if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
          }
        }
        span.end();
        exchange.close();
      }
    };
  }
}
