package dev.hopscope.store.object;

import dev.hopscope.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * A request to the bucket failed. The message names the operation, bucket and key, what the service
 * said, and what to change. A {@link StoreException}, so receivers answer 503 and queriers report
 * the store as unavailable rather than the data as missing.
 */
public final class ObjectStorageException extends StoreException {
  private final int status;

  ObjectStorageException(String message, int status, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the service answered, or 0 when there was no answer (unreachable). */
  public int status() {
    return status;
  }
}
