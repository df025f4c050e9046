package dev.hopscope.otlp;

import java.util.HexFormat;

/** Hex rendering and parsing of ids for the decoders, encoders and their messages. */
final class Ids {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  private static final HexFormat LOWER = HexFormat.of();
  private static final int SHOWN_BYTES = 20;

  private Ids() {}

  /** Lower-case hex of up to 20 bytes, with an ellipsis after that; "empty" for none. */
  static String preview(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return "empty";
    }
    StringBuilder out = new StringBuilder(Math.min(length, SHOWN_BYTES) * 2 + 1);
    for (int i = 0; i < Math.min(length, SHOWN_BYTES); i++) {
      int b = bytes[offset + i] & 0xFF;
      out.append(DIGITS[b >>> 4]).append(DIGITS[b & 0xF]);
    }
    if (length > SHOWN_BYTES) {
      out.append('…');
    }
    return out.toString();
  }

  static String hex(long value) {
    return LOWER.toHexDigits(value);
  }

  static boolean isHex(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Parses hex digits {@code [from, to)}, at most 16, already checked by {@link #isHex}. */
  static long parseHex(CharSequence text, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = (value << 4) | Character.digit(text.charAt(i), 16);
    }
    return value;
  }
}
