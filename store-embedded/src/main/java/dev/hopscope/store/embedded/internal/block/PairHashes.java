package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.store.embedded.internal.codec.AttributeHash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct (key, value) pair hashes of one row group, for its attribute bloom filter. A row
 * group repeats the same few values of most keys ({@code http.method = GET} on every other span),
 * so each pair is hashed once and added once; a key whose values keep changing (ids) stops being
 * remembered after {@link #REMEMBERED_VALUES} and is hashed per row, where a memo would only cost.
 */
final class PairHashes {
  static final int REMEMBERED_VALUES = 256;

  // One memo per scope: a span's and a resource's "service.name" hash differently.
  private final Map<String, Map<AttributeValue, Long>> spanValues = new HashMap<>();
  private final Map<String, Map<AttributeValue, Long>> resourceValues = new HashMap<>();
  private final boolean arrayElements;
  private long[] hashes = new long[64];
  private int count;

  /**
   * @param arrayElements whether arrays add their elements' pairs; false only to write blocks as
   *     builds before array elements did
   */
  PairHashes(boolean arrayElements) {
    this.arrayElements = arrayElements;
  }

  /**
   * Adds the pair, and for an array each (key, element) pair too, so that discovery finds the spans
   * a TraceQL {@code = "v"} matches by element. Blocks written before elements were added lack
   * them: see the store's RATIONALE.
   */
  void add(int scope, String key, AttributeValue value) {
    addPair(scope, key, value);
    if (arrayElements && value instanceof AttributeValue.ArrayValue array) {
      for (AttributeValue element : array.values()) {
        addPair(scope, key, element);
      }
    }
  }

  private void addPair(int scope, String key, AttributeValue value) {
    Map<AttributeValue, Long> values =
        (scope == AttributeHash.RESOURCE ? resourceValues : spanValues)
            .computeIfAbsent(key, k -> new HashMap<>());
    if (values.size() >= REMEMBERED_VALUES) {
      append(AttributeHash.of(scope, key, value));
      return;
    }
    if (!values.containsKey(value)) {
      long hash = AttributeHash.of(scope, key, value);
      values.put(value, hash);
      append(hash);
    }
  }

  private void append(long hash) {
    if (count == hashes.length) {
      hashes = Arrays.copyOf(hashes, count * 2);
    }
    hashes[count++] = hash;
  }

  /** A bloom filter sized for the distinct pairs (sorting finds them without boxing). */
  BloomFilter toBloom() {
    Arrays.sort(hashes, 0, count);
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0 || hashes[i] != hashes[i - 1]) {
        hashes[distinct++] = hashes[i];
      }
    }
    BloomFilter bloom = BloomFilter.forAttributePairs(distinct);
    for (int i = 0; i < distinct; i++) {
      bloom.addHash(hashes[i]);
    }
    return bloom;
  }
}
