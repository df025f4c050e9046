package dev.hopscope.store.embedded.internal.codec;

import java.util.Arrays;

/**
 * A dictionary's strings in the order they were added, and their index by open addressing over the
 * strings' own cached hash codes. A cut looks up every string value of every span here (most are
 * distinct ids), and a {@code HashMap<String, Integer>} allocated a node and a boxed index for each
 * new one and probed twice to add it. Each slot packs its key's hash and position into one long, so
 * a probe costs one memory access per step and reaches into a string only when the hashes agree: in
 * a table of a block's hundreds of thousands of strings every access is a cache miss. The strings
 * themselves sit in position order, so adding one writes next to the last, not to a random slot of
 * a second table.
 */
final class StringIndex {
  private String[] values = new String[64];
  private int size;
  // Per slot: the key's hash in the high half, its position + 1 in the low half; 0 when empty.
  private long[] slots = new long[64];

  int size() {
    return size;
  }

  /** The string at {@code position}, which must be below {@link #size}. */
  String value(int position) {
    return values[position];
  }

  /** The position of {@code value}, or -1. */
  int get(String value) {
    int mask = slots.length - 1;
    int hash = value.hashCode();
    for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      int position = (int) entry - 1;
      if ((int) (entry >>> 32) == hash && values[position].equals(value)) {
        return position;
      }
    }
  }

  /**
   * The position of {@code value}; when it is absent, it is added at the next position, returned as
   * {@code -1 - position}, so the caller learns it was new with one probe.
   */
  int putIfAbsent(String value) {
    int hash = value.hashCode();
    int slot = find(value, hash);
    long entry = slots[slot];
    if (entry != 0) {
      return (int) entry - 1;
    }
    int position = size;
    append(value);
    slots[slot] = entry(hash, position);
    growIfFull();
    return -1 - position;
  }

  /**
   * Adds {@code value} at the next position even if it is there already (a dictionary read from a
   * file keeps every position it names); {@link #get} answers the first.
   */
  void add(String value) {
    int hash = value.hashCode();
    int slot = find(value, hash);
    int position = size;
    append(value);
    if (slots[slot] == 0) {
      slots[slot] = entry(hash, position);
      growIfFull();
    }
  }

  /** The slot holding {@code value}, or the empty slot where it would go. */
  private int find(String value, int hash) {
    int mask = slots.length - 1;
    for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0 || ((int) (entry >>> 32) == hash && values[(int) entry - 1].equals(value))) {
        return slot;
      }
    }
  }

  private void append(String value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  private static long entry(int hash, int position) {
    return (long) hash << 32 | ((position + 1) & 0xFFFFFFFFL);
  }

  /** Keeps at most half the slots in use, counting every position (duplicates read included). */
  private void growIfFull() {
    if (size * 2 <= slots.length) {
      return;
    }
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long entry : old) {
      if (entry != 0) {
        int slot = slot((int) (entry >>> 32), mask);
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = entry;
      }
    }
  }

  private static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
