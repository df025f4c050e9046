package dev.hopscope.store;

/**
 * "Slow down": the store refused a write because it is behind (an embedded head with more spans
 * than it may hold before a cut; a cluster backend whose queue is full). Nothing was written; the
 * client should retry later. Receivers answer 429 / RESOURCE_EXHAUSTED with Retry-After. Any other
 * {@link StoreException} from a write means the store cannot write now: 503 / UNAVAILABLE.
 */
public final class StoreOverloadedException extends StoreException {
  public StoreOverloadedException(String message) {
    super(message);
  }
}
