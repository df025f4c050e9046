package dev.hopscope.model;

import java.util.HexFormat;

/** Lower-case hex for ids. Package-private: ids are the only public way to hex text. */
final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  static String format(long value) {
    return LOWER.toHexDigits(value);
  }

  /**
   * Parses {@code length} hex digits starting at {@code offset}; upper case is accepted because
   * some clients send it, output is always lower case.
   *
   * @throws IllegalArgumentException naming the id kind and the offending text
   */
  static long parse(CharSequence text, int offset, int length, String what) {
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException(
            what
                + " \""
                + text
                + "\" must be lower-hex encoded with no prefix; found '"
                + text.charAt(i)
                + "' at position "
                + i);
      }
      value = (value << 4) | digit;
    }
    return value;
  }
}
