package dev.hopscope.store;

import org.jspecify.annotations.Nullable;

/** A store could not do what was asked: disk full, closed, corrupt file. The message says which. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  /** {@code cause} may be null, as {@link RuntimeException}'s allows. */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
