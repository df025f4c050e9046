package dev.hopscope.otlp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict UTF-8 decoding. {@code new String(bytes, UTF_8)} silently replaces bad sequences with
 * U+FFFD, which would store data the client never sent; a {@link CharsetDecoder} set to REPORT
 * refuses them (overlong forms and encoded surrogates included). One instance per request: the
 * decoder is stateful.
 */
final class Utf8 {
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private static final int CACHE_SIZE = 512;
  private static final int CACHED_MAX_LENGTH = 64;

  // Attribute keys, span names and many values repeat across the spans of a request: a hit skips
  // validation and allocation, and the String returned has its hash computed already, which the
  // batch's string dictionary needs next. Direct-mapped; a collision simply replaces the entry.
  private final byte[][] cachedBytes = new byte[CACHE_SIZE][];
  private final String[] cachedStrings = new String[CACHE_SIZE];

  /** The decoded text, or null when the bytes are not valid UTF-8. */
  String decode(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return "";
    }
    if (length > CACHED_MAX_LENGTH) {
      return decodeUncached(bytes, offset, length);
    }
    int hash = length;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash = 31 * hash + bytes[i];
    }
    int slot = (hash ^ (hash >>> 16)) & (CACHE_SIZE - 1);
    byte[] cached = cachedBytes[slot];
    if (cached != null
        && cached.length == length
        && Arrays.equals(cached, 0, length, bytes, offset, offset + length)) {
      return cachedStrings[slot];
    }
    String text = decodeUncached(bytes, offset, length);
    if (text != null) {
      cachedBytes[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
      cachedStrings[slot] = text;
    }
    return text;
  }

  private String decodeUncached(byte[] bytes, int offset, int length) {
    // Most strings on the wire are ASCII; Latin-1 decoding of them is a plain copy.
    boolean ascii = true;
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, offset, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The UTF-8 encoded length of {@code text}, without encoding it. */
  static int length(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x800) {
        length += Character.isSurrogate(c) ? 1 : 2;
      } else if (c >= 0x80) {
        length++;
      }
    }
    return length;
  }
}
