package dev.hopscope.store.embedded.internal.block;

import java.util.function.LongConsumer;

/**
 * A set of longs by open addressing: a row group adds thousands of pair hashes and pair codes, and
 * boxing each into a {@code HashSet<Long>} cost more than the hashing it saves.
 */
final class LongHashSet {
  private static final long EMPTY = 0;
  private long[] slots = new long[256];
  private int size;
  // Zero marks an empty slot, so the value zero is kept aside.
  private boolean hasZero;

  /** Adds {@code value}; returns false when it was already there. */
  boolean add(long value) {
    if (value == EMPTY) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      return true;
    }
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    int slot = mix(value) & mask;
    while (slots[slot] != EMPTY) {
      if (slots[slot] == value) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = value;
    size++;
    return true;
  }

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  void forEach(LongConsumer action) {
    if (hasZero) {
      action.accept(EMPTY);
    }
    for (long slot : slots) {
      if (slot != EMPTY) {
        action.accept(slot);
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long value : old) {
      if (value != EMPTY) {
        add(value);
      }
    }
  }

  private static int mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
