package dev.hopscope.model;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Assigns dense indexes to distinct values, in first-seen order. */
final class Interner<T> {
  private final Class<T> type;
  private final Map<T, Integer> indexes = new HashMap<>();
  private final List<T> values = new ArrayList<>();
  private @Nullable T last;
  private int lastIndex;

  Interner(Class<T> type) {
    this.type = type;
  }

  int indexOf(T value) {
    // Decoders hand in the same instance for a value that repeats (their string caches), and the
    // same value often comes span after span (an empty trace state, a scope): skip the hash lookup.
    if (value == last) {
      return lastIndex;
    }
    Integer index = indexes.get(value);
    if (index == null) {
      index = values.size();
      indexes.put(value, index);
      values.add(value);
    }
    last = value;
    lastIndex = index;
    return index;
  }

  int size() {
    return values.size();
  }

  @SuppressWarnings("unchecked")
  T[] values() {
    return values.toArray((T[]) Array.newInstance(type, 0));
  }
}
