package dev.hopscope.store;

/** A store could not do what was asked: disk full, closed, corrupt file. The message says which. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
