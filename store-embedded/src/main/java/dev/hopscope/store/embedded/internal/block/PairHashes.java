package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.store.embedded.internal.codec.AttributeHash;
import java.util.Arrays;

/**
 * The distinct (key, value) pair hashes of one row group, for its attribute bloom filter. Each
 * key's bytes are hashed once per group (by its index in the block's dictionary); a string value
 * already seen with the same key is recognised by the pair of dictionary indexes and not hashed
 * again. Numbers and booleans cost two mixing rounds, cheaper than remembering them.
 */
final class PairHashes {
  private final boolean arrayElements;
  private final LongHashSet hashes = new LongHashSet();
  private final LongHashSet stringPairs = new LongHashSet();
  // The hash state after (span scope, key), by the key's dictionary index.
  private long[] keyStates = new long[64];
  private boolean[] keyKnown = new boolean[64];

  /**
   * @param arrayElements whether arrays add their elements' pairs; false only to write blocks as
   *     builds before array elements did
   */
  PairHashes(boolean arrayElements) {
    this.arrayElements = arrayElements;
  }

  /**
   * Adds a span attribute's pair.
   *
   * @param keyIndex the key's index in the block's dictionary
   * @param valueIndex the value's index in the dictionary when it is a string, else -1
   */
  void addSpan(int keyIndex, String key, AttributeValue value, int valueIndex) {
    if (valueIndex >= 0 && !stringPairs.add((long) keyIndex << 32 | valueIndex)) {
      return;
    }
    add(spanKeyState(keyIndex, key), value);
  }

  /** Adds a resource attribute's pair (once per resource per group: no memo). */
  void addResource(String key, AttributeValue value) {
    add(AttributeHash.keyState(AttributeHash.RESOURCE, key), value);
  }

  /**
   * Adds the pair, and for an array each (key, element) pair too, so that discovery finds the spans
   * a TraceQL {@code = "v"} matches by element. Blocks written before elements were added lack
   * them: see the store's RATIONALE.
   */
  private void add(long keyState, AttributeValue value) {
    hashes.add(AttributeHash.ofKeyed(keyState, value));
    if (arrayElements && value instanceof AttributeValue.ArrayValue array) {
      for (AttributeValue element : array.values()) {
        hashes.add(AttributeHash.ofKeyed(keyState, element));
      }
    }
  }

  private long spanKeyState(int keyIndex, String key) {
    if (keyIndex >= keyStates.length) {
      int length = Math.max(keyIndex + 1, keyStates.length * 2);
      keyStates = Arrays.copyOf(keyStates, length);
      keyKnown = Arrays.copyOf(keyKnown, length);
    }
    if (!keyKnown[keyIndex]) {
      keyStates[keyIndex] = AttributeHash.keyState(AttributeHash.SPAN, key);
      keyKnown[keyIndex] = true;
    }
    return keyStates[keyIndex];
  }

  /** A bloom filter sized for the distinct pairs. */
  BloomFilter toBloom() {
    BloomFilter bloom = BloomFilter.forAttributePairs(hashes.size());
    hashes.forEach(bloom::addHash);
    return bloom;
  }
}
