package dev.hopscope.server.ingest;

import dev.hopscope.otlp.DecodeResult;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Zipkin v2: {@code POST /api/v2/spans} with a JSON list of spans, gzip allowed; 202 on success as
 * Zipkin answers, errors as plain text (what Zipkin reporters log). A request with an invalid span
 * is a 400 naming the span and the reason, and nothing of it is stored, as in Zipkin.
 */
final class ZipkinHttpProtocol implements HttpProtocol {
  // A body without Content-Type is taken as JSON, the only format of Zipkin's v2 API we read.
  private static final Map<String, Protocol> DECODERS =
      Map.of("", Protocol.ZIPKIN_JSON, "application/json", Protocol.ZIPKIN_JSON);

  @Override
  public String path() {
    return "/api/v2/spans";
  }

  @Override
  public String posted() {
    return "Zipkin v2 spans";
  }

  @Override
  public String accessName() {
    return "zipkin";
  }

  @Override
  public Map<String, Protocol> decoders() {
    return DECODERS;
  }

  @Override
  public Protocol countedWithoutDecoder() {
    return Protocol.ZIPKIN_JSON;
  }

  @Override
  public String unsupportedContentType(String header) {
    return "Content-Type \""
        + HttpReceiver.mediaType(header)
        + "\" is not supported; send Zipkin v2 JSON (application/json)";
  }

  @Override
  public void accepted(HttpServerResponse response, Protocol decoder, DecodeResult result) {
    // Never with rejected spans: for Zipkin those refuse the request (Protocol.partialSuccess).
    response.setStatusCode(202).end();
  }

  @Override
  public void refused(
      HttpServerResponse response,
      Protocol decoder,
      int rpcCode,
      String message,
      @Nullable Duration retryAfter) {
    HttpReceiver.plain(response, response.getStatusCode(), message);
  }
}
