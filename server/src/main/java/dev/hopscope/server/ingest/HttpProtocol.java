package dev.hopscope.server.ingest;

import dev.hopscope.otlp.DecodeResult;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one HTTP ingest protocol adds to {@link HttpReceiver}'s shared checks: its path, the decoder
 * for each content type it takes, and how it answers. Everything a request must pass (path, method,
 * content type, tenant and token, body size) and every status code is the receiver's, so a new
 * protocol is a decoder (a {@link Protocol} the pipeline reads) and its line in {@link
 * #decoders()}; a new transport over HTTP is one small class like {@link OtlpHttpProtocol}.
 */
interface HttpProtocol {

  /** The one path it takes {@code POST}s on. */
  String path();

  /** What goes to {@link #path()}, for the 404 of any other path ("OTLP/HTTP traces"). */
  String posted();

  /** Its name to access control: the token scope and the auth metrics' label. */
  String accessName();

  /**
   * The decoder of each media type it takes (lower case, without parameters; {@code ""} for a
   * request without Content-Type). Any other media type is refused with 415.
   */
  Map<String, Protocol> decoders();

  /** The protocol a request whose Content-Type has no decoder is counted under in /metrics. */
  Protocol countedWithoutDecoder();

  /** The 415's message for a Content-Type header (null when absent): what to send instead. */
  String unsupportedContentType(String header);

  /** Ends the response of a request whose spans are durable, with its status and body. */
  void accepted(HttpServerResponse response, Protocol decoder, DecodeResult result);

  /**
   * Ends a refusal whose status code (and {@code Retry-After}, when {@code retryAfter} is not null)
   * the receiver has set: writes the body in the protocol's own error format.
   *
   * @param rpcCode the {@code google.rpc.Code} of the refusal, for protocols that answer with one
   */
  void refused(
      HttpServerResponse response,
      Protocol decoder,
      int rpcCode,
      String message,
      @Nullable Duration retryAfter);
}
