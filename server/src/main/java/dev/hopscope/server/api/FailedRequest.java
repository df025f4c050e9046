package dev.hopscope.server.api;

import dev.hopscope.store.NotServedHereException;
import dev.hopscope.store.StoreReadException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * How an API request whose handler failed for a reason that is not the caller's is answered, for
 * every API family. A store read the disk failed ({@link StoreReadException}: nothing is lost, the
 * block stays) is 503 with Retry-After, so clients and UIs retry. Anything else is a bug: 500, and
 * the stack trace is logged at ERROR under a short random id that the answer carries too, so the
 * person who saw the error can find its cause in the log. A cluster role asked for what another
 * role serves ({@link NotServedHereException}) is 501 with the message saying where to go.
 *
 * @param status the HTTP status
 * @param message what the body says
 * @param retryAfter the Retry-After header, when the caller should retry
 */
public record FailedRequest(int status, String message, Optional<Duration> retryAfter) {
  private static final System.Logger LOG = System.getLogger(FailedRequest.class.getName());
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** Classifies the failure of a request to {@code uri} and logs what an operator needs. */
  public static FailedRequest of(String uri, Throwable failure) {
    NotServedHereException elsewhere = find(failure, NotServedHereException.class);
    if (elsewhere != null) {
      // A cluster role asked for what another role serves: the message says which.
      return new FailedRequest(501, ApiException.messageOf(elsewhere), Optional.empty());
    }
    StoreReadException unreadable = find(failure, StoreReadException.class);
    if (unreadable != null) {
      LOG.log(
          System.Logger.Level.WARNING,
          "API request " + uri + " failed on a read error: " + unreadable.getMessage());
      // The store's message names the block and says to retry; Retry-After says when.
      return new FailedRequest(503, ApiException.messageOf(unreadable), Optional.of(RETRY_AFTER));
    }
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    LOG.log(System.Logger.Level.ERROR, "API request " + uri + " failed, error id " + id, failure);
    return new FailedRequest(
        500,
        "internal error " + id + ": " + failure + "; the server log has the details under this id",
        Optional.empty());
  }

  /** The exception of {@code type} behind a failure, also when a layer on the way wrapped it. */
  private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }
}
