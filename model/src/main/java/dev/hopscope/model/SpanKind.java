package dev.hopscope.model;

/** OTLP span kinds, numbered as in the protocol. */
public enum SpanKind {
  UNSPECIFIED,
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER;

  private static final SpanKind[] BY_NUMBER = values();

  /** The OTLP enum number. */
  public int number() {
    return ordinal();
  }

  public static SpanKind fromNumber(int number) {
    if (number < 0 || number >= BY_NUMBER.length) {
      throw new IllegalArgumentException(
          "span kind " + number + " is not a known OTLP SpanKind; use 0..5");
    }
    return BY_NUMBER[number];
  }

  /** True for the caller side of a hop. */
  public boolean isOutbound() {
    return this == CLIENT || this == PRODUCER;
  }

  /** True for the callee side of a hop. */
  public boolean isInbound() {
    return this == SERVER || this == CONSUMER;
  }
}
