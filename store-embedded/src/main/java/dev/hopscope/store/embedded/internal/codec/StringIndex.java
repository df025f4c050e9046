package dev.hopscope.store.embedded.internal.codec;

/**
 * A dictionary's index from string to position, by open addressing over the strings' own cached
 * hash codes. A cut looks up every string value of every span here (most are distinct ids), and a
 * {@code HashMap<String, Integer>} allocated a node and a boxed index for each new one and probed
 * twice to add it. Each slot packs its key's hash and position into one long, so a probe costs one
 * memory access per step and reaches into a key's String only when the hashes agree: in a table of
 * a block's hundreds of thousands of strings every access is a cache miss.
 */
final class StringIndex {
  private String[] keys = new String[64];
  // Per slot: the key's hash in the high half, its position + 1 in the low half; 0 when empty.
  private long[] slots = new long[64];
  private int size;

  /** The position of {@code value}, or -1. */
  int get(String value) {
    int mask = slots.length - 1;
    int hash = value.hashCode();
    for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      if ((int) (entry >>> 32) == hash && keys[slot].equals(value)) {
        return (int) entry - 1;
      }
    }
  }

  /**
   * The position of {@code value}; when it is absent, {@code position} is recorded for it and
   * returned as {@code -1 - position}, so the caller learns it was new with one probe.
   */
  int putIfAbsent(String value, int position) {
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    int hash = value.hashCode();
    for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        keys[slot] = value;
        slots[slot] = entry(hash, position);
        size++;
        return -1 - position;
      }
      if ((int) (entry >>> 32) == hash && keys[slot].equals(value)) {
        return (int) entry - 1;
      }
    }
  }

  private static long entry(int hash, int position) {
    return (long) hash << 32 | ((position + 1) & 0xFFFFFFFFL);
  }

  private void grow() {
    String[] oldKeys = keys;
    long[] oldSlots = slots;
    keys = new String[oldKeys.length * 2];
    slots = new long[oldSlots.length * 2];
    int mask = slots.length - 1;
    for (int i = 0; i < oldSlots.length; i++) {
      long entry = oldSlots[i];
      if (entry != 0) {
        int slot = slot((int) (entry >>> 32), mask);
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        slots[slot] = entry;
      }
    }
  }

  private static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
