package dev.hopscope.cluster.remote;

/** A live store could not answer a read: down, too slow, or answering something unreadable. */
public final class LiveStoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String address;

  public LiveStoreUnavailableException(String address, String reason) {
    super("live store " + address + ": " + reason);
    this.address = address;
  }

  public LiveStoreUnavailableException(String address, String reason, Throwable cause) {
    super("live store " + address + ": " + reason, cause);
    this.address = address;
  }

  public String address() {
    return address;
  }
}
