package dev.hopscope.server.ingest;

/**
 * Bytes per trace id, as an open-addressing hash table of primitive arrays: a lookup touches one or
 * two cache lines instead of a {@code HashMap}'s entry, key and boxed value. Measured on 1,000-
 * span requests, a {@code HashMap<TraceId, Long>} cost more per span than decoding the span. Grows
 * by doubling; entries are removed only there (those at 0) and when a generation is dropped whole.
 */
final class TraceBytes {
  private long[] highs;
  private long[] lows;
  private long[] bytes;
  private int size;

  TraceBytes() {
    this(1024);
  }

  private TraceBytes(int capacity) {
    highs = new long[capacity];
    lows = new long[capacity];
    bytes = new long[capacity];
  }

  int size() {
    return size;
  }

  /** The bytes counted for the trace, 0 when unknown. */
  long get(long high, long low) {
    int mask = highs.length - 1;
    for (int slot = slot(high, low, mask); ; slot = (slot + 1) & mask) {
      if (highs[slot] == high && lows[slot] == low) {
        return bytes[slot];
      }
      if (highs[slot] == 0 && lows[slot] == 0) {
        return 0; // the all-zero id is invalid, so it marks an empty slot
      }
    }
  }

  /** Adds {@code delta} (negative to take back) to the trace's bytes, never below 0. */
  void add(long high, long low, long delta) {
    if (size * 2 >= highs.length) {
      grow();
    }
    int mask = highs.length - 1;
    for (int slot = slot(high, low, mask); ; slot = (slot + 1) & mask) {
      if (highs[slot] == high && lows[slot] == low) {
        bytes[slot] = Math.max(0, bytes[slot] + delta);
        return;
      }
      if (highs[slot] == 0 && lows[slot] == 0) {
        if (delta > 0) {
          highs[slot] = high;
          lows[slot] = low;
          bytes[slot] = delta;
          size++;
        }
        return;
      }
    }
  }

  private void grow() {
    TraceBytes bigger = new TraceBytes(highs.length * 2);
    for (int i = 0; i < highs.length; i++) {
      if (highs[i] != 0 || lows[i] != 0) {
        bigger.add(highs[i], lows[i], bytes[i]);
      }
    }
    highs = bigger.highs;
    lows = bigger.lows;
    bytes = bigger.bytes;
    size = bigger.size; // traces taken back to 0 are not carried over
  }

  private static int slot(long high, long low, int mask) {
    long x = high * 0x9E3779B97F4A7C15L ^ low;
    x ^= x >>> 32;
    x *= 0xD6E8FEB86659FD93L;
    x ^= x >>> 32;
    return (int) x & mask;
  }
}
