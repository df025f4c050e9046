package dev.hopscope.server.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Reads a request body but never more than a limit: a declared Content-Length over the limit is
 * refused before a byte is read, and a chunked body is cut off the moment it passes the limit.
 */
final class BoundedBody {
  private BoundedBody() {}

  /** Fails with {@link TooLarge} when the body passes {@code maxBytes}. */
  static Future<byte[]> read(HttpServerRequest request, long maxBytes) {
    Promise<byte[]> promise = Promise.promise();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > maxBytes) {
          return Future.failedFuture(new TooLarge(length, maxBytes));
        }
      } catch (NumberFormatException ignored) {
        // Netty rejects malformed Content-Length itself; the streaming check below still holds.
      }
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (promise.future().isComplete()) {
            return;
          }
          if (body.length() + (long) chunk.length() > maxBytes) {
            promise.tryFail(new TooLarge(body.length() + (long) chunk.length(), maxBytes));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(ignored -> promise.tryComplete(body.getBytes()));
    request.exceptionHandler(promise::tryFail);
    return promise.future();
  }

  /**
   * Marks an HTTP/1.x answer as the connection's last: the unread rest of the body would otherwise
   * be parsed as the next request. (HTTP/2 forbids the header; its stream ends on its own.)
   */
  static void closeAfterAnswer(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      request.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
  }

  /** The body passed the compressed-size limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long seen, long limit) {
      super(
          "request body of at least "
              + seen
              + " bytes is over the limit of "
              + limit
              + " bytes (limits.maxCompressedBytes); send smaller batches (e.g. lower the"
              + " exporter's max batch size) or raise the limit",
          null,
          false,
          false);
    }
  }
}
