package dev.hopscope.otlp;

/**
 * How a rejection message shows a value the sender sent (a key, a service name, an unknown enum
 * name): for people to read, never parsed back, so single quotes and no escapes, and cut so that a
 * 16 KiB value does not become a 16 KiB message. Not TraceQL (query's {@code Value.traceQlString})
 * nor JSON (Jackson writes those).
 */
final class MessageText {
  private static final int SHOWN_CHARS = 40;

  private MessageText() {}

  /** {@code text} in single quotes, cut at 40 characters with an ellipsis. */
  static String quote(String text) {
    return text.length() <= SHOWN_CHARS
        ? "'" + text + "'"
        : "'" + text.substring(0, SHOWN_CHARS) + "…'";
  }
}
