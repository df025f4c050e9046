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

  private long hash;

  private AttributeHash(int scope) {
    hash = 0x9E3779B97F4A7C15L * (scope + 1);
  }

  public static long of(int scope, String key, AttributeValue value) {
    AttributeHash h = new AttributeHash(scope);
    h.string(key);
    h.value(value);
    return h.finish();
  }

  /**
   * The state after hashing (scope, key): {@link #ofKeyed} with it equals {@link #of}, so a writer
   * hashes each key's bytes once and not once per span.
   */
  public static long keyState(int scope, String key) {
    AttributeHash h = new AttributeHash(scope);
    h.string(key);
    return h.hash;
  }

  /** {@link #of}{@code (scope, key, value)} given {@link #keyState}{@code (scope, key)}. */
  public static long ofKeyed(long keyState, AttributeValue value) {
    AttributeHash h = new AttributeHash(0);
    h.hash = keyState;
    h.value(value);
    return h.finish();
  }

  private void mixLong(long value) {
    hash ^= value;
    hash *= 0xff51afd7ed558ccdL;
    hash = Long.rotateLeft(hash, 31);
  }

  private void string(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    mixLong(bytes.length);
    bytes(bytes);
  }

  private void bytes(byte[] bytes) {
    long word = 0;
    for (int i = 0; i < bytes.length; i++) {
      word = (word << 8) | (bytes[i] & 0xFF);
      if ((i & 7) == 7) {
        mixLong(word);
        word = 0;
      }
    }
    mixLong(word);
  }

  private void value(AttributeValue value) {
    switch (value) {
      case AttributeValue.EmptyValue empty -> mixLong(0);
      case AttributeValue.StringValue string -> {
        mixLong(1);
        string(string.value());
      }
      case AttributeValue.BoolValue bool -> mixLong(bool.value() ? 3 : 2);
      case AttributeValue.LongValue number -> {
        mixLong(4);
        mixLong(number.value());
      }
      case AttributeValue.DoubleValue number -> {
        mixLong(5);
        // Equality of DoubleValue follows Double.compare, which doubleToLongBits matches.
        mixLong(Double.doubleToLongBits(number.value()));
      }
      case AttributeValue.BytesValue bytes -> {
        mixLong(6);
        mixLong(bytes.length());
        bytes(bytes.value());
      }
      case AttributeValue.ArrayValue array -> {
        mixLong(7);
        mixLong(array.values().size());
        array.values().forEach(this::value);
      }
      case AttributeValue.KeyValueListValue list -> {
        // Attributes compare as maps, ignoring order: combine entry hashes commutatively.
        mixLong(8);
        long sum = 0;
        for (Map.Entry<String, AttributeValue> entry : list.values().asMap().entrySet()) {
          sum += of(0, entry.getKey(), entry.getValue());
        }
        mixLong(sum);
      }
    }
  }

  private long finish() {
    long value = hash;
    value ^= value >>> 33;
    value *= 0xc4ceb9fe1a85ec53L;
    return value ^ (value >>> 33);
  }
}
