package dev.hopscope.model;

import java.util.Arrays;

/**
 * A {@link SpanBatch.Builder}'s attributes, every row's in one pair of arrays: the key's index in
 * the batch's dictionary and the value. Grown by doubling, trimmed once when the batch is built,
 * and shared as they are when the builder was sized exactly: an array is copied before anything is
 * written past its end, so a built batch never sees them change.
 */
final class AttributeColumns {
  int count;
  private int[] keys;
  private AttributeValue[] values;

  AttributeColumns(int capacity) {
    keys = new int[capacity];
    values = new AttributeValue[capacity];
  }

  void append(int keyIndex, AttributeValue value) {
    if (count == keys.length) {
      int grown = Math.max(16, count * 2);
      keys = Arrays.copyOf(keys, grown);
      values = Arrays.copyOf(values, grown);
    }
    keys[count] = keyIndex;
    values[count] = value;
    count++;
  }

  int[] trimmedKeys() {
    return keys.length == count ? keys : Arrays.copyOf(keys, count);
  }

  AttributeValue[] trimmedValues() {
    return values.length == count ? values : Arrays.copyOf(values, count);
  }
}
