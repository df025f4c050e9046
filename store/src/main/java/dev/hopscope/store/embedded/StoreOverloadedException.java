package dev.hopscope.store.embedded;

import dev.hopscope.store.StoreException;

/**
 * The store refused a write because it is behind (more unflushed spans than it may hold). Nothing
 * was written; the client should retry later. Receivers map it to 429/503 with Retry-After.
 */
public final class StoreOverloadedException extends StoreException {
  public StoreOverloadedException(String message) {
    super(message);
  }
}
