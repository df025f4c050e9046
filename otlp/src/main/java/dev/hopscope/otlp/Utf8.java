package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * refuses them (overlong forms and encoded surrogates included). Not thread-safe: a decoder takes
 * its thread's instance ({@link #ofThisThread}) and uses it only on that thread, start to end.
 */
final class Utf8 {
  // One per decoding thread, kept across requests: the same names and values then come back as the
  // same objects request after request, so the spans a store holds until its next cut share them
  // instead of holding a copy per request, and a young collection has that much less to copy.
  private static final ThreadLocal<Utf8> PER_THREAD = ThreadLocal.withInitial(Utf8::new);

  /** This thread's instance; to be used on this thread only, within one synchronous decode. */
  static Utf8 ofThisThread() {
    return PER_THREAD.get();
  }

  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private static final int SLOT_BITS = 9;
  private static final int CACHE_SIZE = 1 << SLOT_BITS;
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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
    int slot = slotOf(bytes, offset, length);
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

  /**
   * The slot for these bytes, from at most 24 of them: the first, middle and last eight, read as
   * longs. Hashing every byte cost more than the rest of the lookup; strings that agree in all 24
   * (and in length) only share a slot, and the lookup still compares every byte.
   */
  private static int slotOf(byte[] bytes, int offset, int length) {
    long mixed;
    if (length >= Long.BYTES) {
      long first = (long) LITTLE_ENDIAN_LONG.get(bytes, offset);
      long middle = (long) LITTLE_ENDIAN_LONG.get(bytes, offset + (length - Long.BYTES) / 2);
      long last = (long) LITTLE_ENDIAN_LONG.get(bytes, offset + length - Long.BYTES);
      mixed = first * 0x9E3779B97F4A7C15L + Long.rotateLeft(middle * 0xC2B2AE3D27D4EB4FL, 23);
      mixed = (mixed ^ Long.rotateLeft(last * 0x165667B19E3779F9L, 41)) + length;
    } else {
      long packed = length;
      for (int i = offset, end = offset + length; i < end; i++) {
        packed = (packed << 8) | (bytes[i] & 0xFF);
      }
      mixed = packed;
    }
    mixed *= 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> (Long.SIZE - SLOT_BITS));
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
