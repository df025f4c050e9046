package dev.hopscope.model;

/** Lower-case hex for ids. Package-private: ids are the only public way to hex text. */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  static String format(long value) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = DIGITS[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(out);
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

  static long readLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  static void writeLong(long value, byte[] bytes, int offset) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
