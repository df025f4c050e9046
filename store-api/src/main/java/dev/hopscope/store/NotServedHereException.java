package dev.hopscope.store;

/**
 * This store does not do what was asked, by design, and another one does: a cluster role that only
 * writes asked to read, or the reverse. Not a failure to retry (APIs answer 501 with the message,
 * which says where to go instead) and not a bug.
 */
public final class NotServedHereException extends StoreException {
  private static final long serialVersionUID = 1L;

  public NotServedHereException(String message) {
    super(message);
  }
}
