package dev.hopscope.demo.webapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hopscope.demo.cli.Query;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The docs' {@code /hello} handler, span for span: {@code say-hello} with {@code request.method},
 * and a child {@code greet} with {@code message = "Hello, <name>!"}.
 */
final class HelloHandler implements HttpHandler {
  static final AttributeKey<String> REQUEST_METHOD = AttributeKey.stringKey("request.method");
  static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("message");

  private final Tracer tracer;

  HelloHandler(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  @SuppressWarnings("try") // the scope is used for its side effect: what is current inside
  public void handle(HttpExchange exchange) throws IOException {
    Span span = tracer.spanBuilder("say-hello").setParent(Context.current()).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      span.setAttribute(REQUEST_METHOD, exchange.getRequestMethod());

      String name = Query.parse(exchange.getRequestURI().getRawQuery()).getOrDefault("name", "");
      if (name.isEmpty()) {
        name = "World";
      }

      Span childSpan = tracer.spanBuilder("greet").startSpan();
      String greeting = "Hello, " + name + "!";
      childSpan.setAttribute(MESSAGE, greeting);
      childSpan.end();

      byte[] body = greeting.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      span.end();
    }
  }
}
