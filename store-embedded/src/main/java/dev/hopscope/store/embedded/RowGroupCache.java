package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The row groups one search has decoded, by block and index, so that its steps share them: a
 * selective search finds candidates in a few row groups and then fetches those traces from the same
 * groups, which decompressed and parsed their trace-id and attribute columns a second time.
 * Bounded, least recently used out, because each group holds its decoded columns; one search's. The
 * search's read threads share it: a group is decoded outside the lock, and one group is read by one
 * thread at a time (each step of a search hands distinct groups to its threads, and the steps
 * follow one another).
 */
final class RowGroupCache {
  /**
   * Up to about 20 MB at the default 1,024 rows (a group's raw columns, trace ids, times and parsed
   * attribute keys); a selective search at 10 M spans touches about 40 groups. A search touching
   * more gains nothing from least-recently-used order, and loses nothing either.
   */
  static final int DEFAULT_GROUPS = 64;

  private static final RowGroupCache NONE = new RowGroupCache(0);

  private final Map<Key, RowGroup> groups;

  private RowGroupCache(int capacity) {
    this.groups =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, RowGroup> eldest) {
            return size() > capacity;
          }
        };
  }

  /** A cache for one search. */
  static RowGroupCache forSearch() {
    return new RowGroupCache(DEFAULT_GROUPS);
  }

  /** No cache: every call decodes afresh. */
  static RowGroupCache none() {
    return NONE;
  }

  /** Row group {@code index} of {@code block}, decoded here once while it stays cached. */
  RowGroup get(Block block, int index) {
    if (this == NONE) {
      return block.rowGroup(index);
    }
    Key key = new Key(block, index);
    synchronized (groups) {
      RowGroup cached = groups.get(key);
      if (cached != null) {
        return cached;
      }
    }
    RowGroup group = block.rowGroup(index);
    synchronized (groups) {
      groups.put(key, group);
    }
    return group;
  }

  /** Blocks compare by identity: one snapshot holds each block once. */
  private record Key(Block block, int index) {}
}
