package dev.hopscope.store.embedded.internal.codec;

/**
 * A dictionary's index from string to position, by open addressing over the strings' own cached
 * hash codes. A cut looks up every string value of every span here (most are distinct ids), and a
 * {@code HashMap<String, Integer>} allocated a node and a boxed index for each new one and probed
 * twice to add it. Each slot keeps its key's hash beside it, so a probe past other keys compares
 * ints instead of reaching into each key's String (a cache miss per step in a large table).
 */
final class StringIndex {
  private String[] keys = new String[64];
  private int[] hashes = new int[64];
  private int[] positions = new int[64];
  private int size;

  /** The position of {@code value}, or -1. */
  int get(String value) {
    int mask = keys.length - 1;
    int hash = value.hashCode();
    for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        return -1;
      }
      if (hashes[slot] == hash && key.equals(value)) {
        return positions[slot];
      }
    }
  }

  /**
   * The position of {@code value}; when it is absent, {@code position} is recorded for it and
   * returned as {@code -1 - position}, so the caller learns it was new with one probe.
   */
  int putIfAbsent(String value, int position) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int hash = value.hashCode();
    for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        keys[slot] = value;
        hashes[slot] = hash;
        positions[slot] = position;
        size++;
        return -1 - position;
      }
      if (hashes[slot] == hash && key.equals(value)) {
        return positions[slot];
      }
    }
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    int[] oldPositions = positions;
    keys = new String[oldKeys.length * 2];
    hashes = new int[oldKeys.length * 2];
    positions = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      String key = oldKeys[i];
      if (key != null) {
        int slot = slot(oldHashes[i], mask);
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = oldHashes[i];
        positions[slot] = oldPositions[i];
      }
    }
  }

  private static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
