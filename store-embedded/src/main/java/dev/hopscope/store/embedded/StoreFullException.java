package dev.hopscope.store.embedded;

import dev.hopscope.store.StoreException;

/**
 * The data directory is at its configured byte limit ({@link EmbeddedStoreConfig#maxDiskBytes}):
 * the write was refused before anything reached the WAL, and writes resume once space is freed.
 */
public final class StoreFullException extends StoreException {
  public StoreFullException(String message) {
    super(message);
  }
}
