package dev.hopscope.otlp;

/**
 * JSON string escapes for {@link JsonByteCursor}: every escape JSON defines, and nothing else
 * (Jackson's default, which the general reader applies). Whatever it cannot resolve — an unknown
 * escape, a bad backslash-u digit, bytes that are not UTF-8, half a surrogate pair — throws {@link
 * JsonByteCursor.Fallback}, so the general reader reports it.
 */
final class JsonEscapes {
  private JsonEscapes() {}

  /**
   * The text of the JSON string {@code in[start, end)} (between its quotes), escapes resolved;
   * {@code out} is the caller's buffer, reused.
   */
  static String unescape(byte[] in, int start, int end, Utf8 utf8, StringBuilder out) {
    out.setLength(0);
    int run = start;
    int i = start;
    while (i < end) {
      if (in[i] != '\\') {
        i++;
        continue;
      }
      appendRun(in, utf8, out, run, i);
      char c =
          switch (in[i + 1]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
              if (i + 6 > end) {
                throw JsonByteCursor.FALLBACK;
              }
              yield (char) hexUnit(in, i + 2);
            }
            default -> throw JsonByteCursor.FALLBACK;
          };
      out.append(c);
      i += in[i + 1] == 'u' ? 6 : 2;
      run = i;
    }
    appendRun(in, utf8, out, run, end);
    // "\ud800" alone spells half a character, which UTF-8 cannot store: the general reader
    // refuses it with a message.
    for (int j = 0; j < out.length(); j++) {
      char c = out.charAt(j);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || j + 1 >= out.length()
            || !Character.isLowSurrogate(out.charAt(j + 1))) {
          throw JsonByteCursor.FALLBACK;
        }
        j++;
      }
    }
    return out.toString();
  }

  private static void appendRun(byte[] in, Utf8 utf8, StringBuilder out, int from, int to) {
    if (from < to) {
      String run = utf8.decode(in, from, to - from);
      if (run == null) {
        throw JsonByteCursor.FALLBACK;
      }
      out.append(run);
    }
  }

  private static int hexUnit(byte[] in, int at) {
    int value = 0;
    for (int i = at; i < at + 4; i++) {
      int digit = Character.digit(in[i], 16);
      if (digit < 0) {
        throw JsonByteCursor.FALLBACK;
      }
      value = (value << 4) | digit;
    }
    return value;
  }
}
