package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stable 64-bit hash of (scope, key, value) for the per-row-group attribute bloom filters. Stable
 * means defined here, byte by byte: Java's record and list hash codes are not specified and must
 * never reach a file.
 */
public final class AttributeHash {
  public static final int SPAN = 1;
  public static final int RESOURCE = 2;

  // Functions of a long state rather than an object: a cut hashes every distinct pair of every row
  // group, and the hasher object each call made was a twentieth of what the server allocated.
  private AttributeHash() {}

  private static long start(int scope) {
    return 0x9E3779B97F4A7C15L * (scope + 1);
  }

  public static long of(int scope, String key, AttributeValue value) {
    return finish(value(string(start(scope), key), value));
  }

  /**
   * The state after hashing (scope, key): {@link #ofKeyed} with it equals {@link #of}, so a writer
   * hashes each key's bytes once and not once per span.
   */
  public static long keyState(int scope, String key) {
    return string(start(scope), key);
  }

  /** {@link #of}{@code (scope, key, value)} given {@link #keyState}{@code (scope, key)}. */
  public static long ofKeyed(long keyState, AttributeValue value) {
    return finish(value(keyState, value));
  }

  private static long mix(long hash, long value) {
    long h = hash ^ value;
    h *= 0xff51afd7ed558ccdL;
    return Long.rotateLeft(h, 31);
  }

  /**
   * The UTF-8 bytes' length, then the bytes eight at a time. ASCII text, nearly every key and
   * value, is its own UTF-8 and is read from the string; other text is encoded first.
   */
  private static long string(long hash, String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      if (value.charAt(i) >= 0x80) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return bytes(mix(hash, bytes.length), bytes);
      }
    }
    long h = mix(hash, length);
    long word = 0;
    for (int i = 0; i < length; i++) {
      word = (word << 8) | value.charAt(i);
      if ((i & 7) == 7) {
        h = mix(h, word);
        word = 0;
      }
    }
    return mix(h, word);
  }

  private static long bytes(long hash, byte[] bytes) {
    long h = hash;
    long word = 0;
    for (int i = 0; i < bytes.length; i++) {
      word = (word << 8) | (bytes[i] & 0xFF);
      if ((i & 7) == 7) {
        h = mix(h, word);
        word = 0;
      }
    }
    return mix(h, word);
  }

  private static long value(long hash, AttributeValue value) {
    return switch (value) {
      case AttributeValue.EmptyValue empty -> mix(hash, 0);
      case AttributeValue.StringValue string -> string(mix(hash, 1), string.value());
      case AttributeValue.BoolValue bool -> mix(hash, bool.value() ? 3 : 2);
      case AttributeValue.LongValue number -> mix(mix(hash, 4), number.value());
      // Equality of DoubleValue follows Double.compare, which doubleToLongBits matches.
      case AttributeValue.DoubleValue number ->
          mix(mix(hash, 5), Double.doubleToLongBits(number.value()));
      case AttributeValue.BytesValue bytes ->
          bytes(mix(mix(hash, 6), bytes.length()), bytes.value());
      case AttributeValue.ArrayValue array -> {
        long h = mix(mix(hash, 7), array.values().size());
        for (AttributeValue element : array.values()) {
          h = value(h, element);
        }
        yield h;
      }
      case AttributeValue.KeyValueListValue list -> {
        // Attributes compare as maps, ignoring order: combine entry hashes commutatively.
        long sum = 0;
        for (Map.Entry<String, AttributeValue> entry : list.values().asMap().entrySet()) {
          sum += of(0, entry.getKey(), entry.getValue());
        }
        yield mix(mix(hash, 8), sum);
      }
    };
  }

  private static long finish(long hash) {
    long value = hash;
    value ^= value >>> 33;
    value *= 0xc4ceb9fe1a85ec53L;
    return value ^ (value >>> 33);
  }
}
