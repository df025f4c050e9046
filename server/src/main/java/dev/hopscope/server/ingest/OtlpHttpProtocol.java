package dev.hopscope.server.ingest;

import dev.hopscope.otlp.DecodeResult;
import dev.hopscope.otlp.OtlpResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/HTTP: {@code POST /v1/traces} with protobuf or JSON bodies, gzip allowed. Answers in the
 * request's format, as the OTLP specification asks, including errors (a {@code google.rpc.Status}).
 */
final class OtlpHttpProtocol implements HttpProtocol {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final Map<String, Protocol> DECODERS =
      Map.of(PROTOBUF, Protocol.OTLP_HTTP_PROTOBUF, JSON, Protocol.OTLP_HTTP_JSON);

  @Override
  public String path() {
    return "/v1/traces";
  }

  @Override
  public String posted() {
    return "OTLP/HTTP traces";
  }

  @Override
  public String accessName() {
    return "otlp_http";
  }

  @Override
  public Map<String, Protocol> decoders() {
    return DECODERS;
  }

  @Override
  public Protocol countedWithoutDecoder() {
    return Protocol.OTLP_HTTP_PROTOBUF; // protobuf is OTLP/HTTP's default encoding
  }

  @Override
  public String unsupportedContentType(String header) {
    return "Content-Type \"" + header + "\" is not supported; send " + PROTOBUF + " or " + JSON;
  }

  @Override
  public void accepted(HttpServerResponse response, Protocol decoder, DecodeResult result) {
    if (decoder == Protocol.OTLP_HTTP_JSON) {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .setStatusCode(200)
          .end(OtlpResponses.json(result));
    } else {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, PROTOBUF)
          .setStatusCode(200)
          .end(Buffer.buffer(OtlpResponses.protobuf(result)));
    }
  }

  @Override
  public void refused(
      HttpServerResponse response,
      Protocol decoder,
      int rpcCode,
      String message,
      @Nullable Duration retryAfter) {
    if (decoder == Protocol.OTLP_HTTP_JSON) {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(RpcStatus.json(rpcCode, message, retryAfter));
    } else {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, PROTOBUF)
          .end(Buffer.buffer(RpcStatus.protobuf(rpcCode, message, retryAfter)));
    }
  }
}
