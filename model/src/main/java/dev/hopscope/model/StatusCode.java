package dev.hopscope.model;

/** OTLP status codes, numbered as in the protocol. */
public enum StatusCode {
  UNSET,
  OK,
  ERROR;

  private static final StatusCode[] BY_NUMBER = values();

  public int number() {
    return ordinal();
  }

  public static StatusCode fromNumber(int number) {
    if (number < 0 || number >= BY_NUMBER.length) {
      throw new IllegalArgumentException(
          "status code "
              + number
              + " is not a known OTLP StatusCode; use 0 (unset), 1 (ok) or 2"
              + " (error)");
    }
    return BY_NUMBER[number];
  }
}
