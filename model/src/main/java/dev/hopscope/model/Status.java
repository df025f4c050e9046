package dev.hopscope.model;

import java.util.Objects;

/** A span's status; the message is empty unless the code is ERROR (OTLP ignores it otherwise). */
public record Status(StatusCode code, String message) {
  public static final Status UNSET = new Status(StatusCode.UNSET, "");
  public static final Status OK = new Status(StatusCode.OK, "");

  public Status {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static Status error(String message) {
    return new Status(StatusCode.ERROR, message);
  }

  public boolean isError() {
    return code == StatusCode.ERROR;
  }
}
