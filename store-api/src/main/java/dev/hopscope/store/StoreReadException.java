package dev.hopscope.store;

/**
 * A read failed for a reason that may pass: an I/O error from the disk. Nothing was changed and
 * nothing is lost, so the caller should retry; servers answer 503 with Retry-After.
 */
public final class StoreReadException extends StoreException {
  public StoreReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
