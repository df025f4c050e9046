package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

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
  private final AttributeValue.@Nullable StringValue[] cachedValues =
      new AttributeValue.StringValue[CACHE_SIZE];

  /** The decoded text, or null when the bytes are not valid UTF-8. */
  @Nullable String decode(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return "";
    }
    int slot = slot(bytes, offset, length);
    return slot < 0 ? decodeUncached(bytes, offset, length) : cachedStrings[slot];
  }

  /** {@link #decode} as an attribute value; the (immutable) value objects are shared too. */
  AttributeValue.@Nullable StringValue decodeValue(byte[] bytes, int offset, int length) {
    int slot = length == 0 ? -1 : slot(bytes, offset, length);
    if (slot < 0) {
      String text = length == 0 ? "" : decodeUncached(bytes, offset, length);
      return text == null ? null : new AttributeValue.StringValue(text);
    }
    AttributeValue.StringValue value = cachedValues[slot];
    if (value == null) {
      value = new AttributeValue.StringValue(cachedStrings[slot]);
      cachedValues[slot] = value;
    }
    return value;
  }

  /** The cache slot now holding these bytes, or -1 if they are too long or not UTF-8. */
  private int slot(byte[] bytes, int offset, int length) {
    if (length > CACHED_MAX_LENGTH) {
      return -1;
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
      return slot;
    }
    String text = decodeUncached(bytes, offset, length);
    if (text == null) {
      return -1;
    }
    cachedBytes[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
    cachedStrings[slot] = text;
    cachedValues[slot] = null;
    return slot;
  }

  private @Nullable String decodeUncached(byte[] bytes, int offset, int length) {
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
