package dev.hopscope.server.api;

import dev.hopscope.model.TraceId;

/** An API request that cannot be answered; the message tells the caller what to change. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final int position;

  public ApiException(int status, String message) {
    this(status, message, -1);
  }

  /**
   * The message of {@code e} for an answer: its own, or its type when it has none (never "null").
   */
  public static String messageOf(Throwable e) {
    String message = e.getMessage();
    return message != null ? message : e.toString();
  }

  /** The 404 of a trace lookup, the same words from the native and every compatible API. */
  public static ApiException traceNotFound(TraceId id) {
    return new ApiException(
        404,
        "trace "
            + id.toHex()
            + " not found (it may be older than the retention, or in another tenant)");
  }

  public ApiException(int status, String message, int position) {
    super(message, null, false, false);
    this.status = status;
    this.position = position;
  }

  public int status() {
    return status;
  }

  /** The character offset of a query error, or -1. */
  public int position() {
    return position;
  }
}
