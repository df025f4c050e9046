package dev.hopscope.otlp;

import java.util.Objects;

/**
 * The whole request is unusable (not parseable, too large, an unknown encoding): nothing in it is
 * accepted. The server answers HTTP 400 or gRPC INVALID_ARGUMENT with {@link #getMessage()}, which
 * names the input, the rule or limit, and the fix.
 */
public final class MalformedRequestException extends IllegalArgumentException {
  private final RejectReason reason;

  public MalformedRequestException(RejectReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public MalformedRequestException(RejectReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RejectReason reason() {
    return reason;
  }
}
