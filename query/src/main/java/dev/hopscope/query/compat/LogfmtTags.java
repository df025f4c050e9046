package dev.hopscope.query.compat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the logfmt {@code tags} parameter of Tempo's search API: {@code key=value} pairs separated
 * by spaces, values optionally double-quoted with {@code \"} and {@code \\} escapes, e.g. {@code
 * service.name=auth http.url="/a b"}.
 */
public final class LogfmtTags {
  private LogfmtTags() {}

  /**
   * Pairs in the order written; a repeated key keeps its last value.
   *
   * @throws IllegalArgumentException naming the position and what was expected
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (text == null) {
      return tags;
    }
    int pos = 0;
    int length = text.length();
    while (true) {
      while (pos < length && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      if (pos >= length) {
        return Collections.unmodifiableMap(tags);
      }
      int keyStart = pos;
      while (pos < length && text.charAt(pos) != '=' && !Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      String key = text.substring(keyStart, pos);
      if (key.isEmpty() || pos >= length || text.charAt(pos) != '=') {
        throw invalid(text, keyStart, "tag \"" + key + "\" has no value; write key=value");
      }
      pos++;
      StringBuilder value = new StringBuilder();
      if (pos < length && text.charAt(pos) == '"') {
        int quote = pos++;
        boolean closed = false;
        while (pos < length) {
          char c = text.charAt(pos++);
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && pos < length) {
            c = text.charAt(pos++);
          }
          value.append(c);
        }
        if (!closed) {
          throw invalid(text, quote, "the quoted value of \"" + key + "\" has no closing quote");
        }
      } else {
        while (pos < length && !Character.isWhitespace(text.charAt(pos))) {
          value.append(text.charAt(pos++));
        }
      }
      tags.put(key, value.toString());
    }
  }

  private static IllegalArgumentException invalid(String text, int offset, String why) {
    return new IllegalArgumentException(
        "tags \"" + text + "\" are not logfmt at position " + (offset + 1) + ": " + why);
  }
}
