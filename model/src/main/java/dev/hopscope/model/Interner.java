package dev.hopscope.model;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Assigns dense indexes to distinct values, in first-seen order. */
final class Interner<T> {
  private final Class<T> type;
  private final Map<T, Integer> indexes = new HashMap<>();
  private final List<T> values = new ArrayList<>();

  Interner(Class<T> type) {
    this.type = type;
  }

  int indexOf(T value) {
    Integer index = indexes.get(value);
    if (index == null) {
      index = values.size();
      indexes.put(value, index);
      values.add(value);
    }
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
