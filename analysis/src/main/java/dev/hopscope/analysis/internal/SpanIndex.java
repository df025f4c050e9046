package dev.hopscope.analysis.internal;

import java.util.Arrays;

/**
 * A trace's span ids to their positions, by open addressing over primitives: every digested trace
 * builds one, and a {@code HashMap<SpanId, Integer>} boxed both sides of every entry.
 */
final class SpanIndex {
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private final long[] ids;
  private final int[] positions;
  private final int mask;

  SpanIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(expected, 2) * 2 - 1) << 1;
    ids = new long[capacity];
    positions = new int[capacity];
    Arrays.fill(positions, -1);
    mask = capacity - 1;
  }

  /** Records {@code position} for {@code id} unless the id already has one (the first wins). */
  void putIfAbsent(long id, int position) {
    for (int slot = slot(id); ; slot = (slot + 1) & mask) {
      if (positions[slot] < 0) {
        ids[slot] = id;
        positions[slot] = position;
        return;
      }
      if (ids[slot] == id) {
        return;
      }
    }
  }

  /** The position of {@code id}, or -1. */
  int get(long id) {
    for (int slot = slot(id); ; slot = (slot + 1) & mask) {
      int position = positions[slot];
      if (position < 0 || ids[slot] == id) {
        return position;
      }
    }
  }

  private int slot(long id) {
    long h = id * MIX;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
