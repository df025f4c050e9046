package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a block holds, in the footer: services with their span names, attribute keys by scope and
 * the status codes present. Answers autocomplete for whole blocks without reading rows, and tells a
 * search which hints cannot match anywhere in the block.
 */
record BlockSummary(
    SortedMap<String, SortedSet<String>> operationsByService,
    SortedSet<String> spanAttributeKeys,
    SortedSet<String> resourceAttributeKeys,
    int statusMask) {

  /**
   * A bit of {@code statusMask} above the status bits: the row groups' attribute blooms hold each
   * array element's (key, element) pair. Blocks written before elements were added lack it, and
   * their blooms cannot rule an element out. Readers have never checked the mask's other bits, so
   * older builds read these blocks unchanged.
   */
  static final int ARRAY_ELEMENTS_IN_BLOOMS = 1 << 16;

  boolean bloomsHoldArrayElements() {
    return (statusMask & ARRAY_ELEMENTS_IN_BLOOMS) != 0;
  }

  static final class Builder {
    private final SortedMap<String, SortedSet<String>> operations = new TreeMap<>();
    private final SortedSet<String> spanKeys = new TreeSet<>();
    private final SortedSet<String> resourceKeys = new TreeSet<>();
    private int statusMask;

    void add(String service, String operation) {
      operations.computeIfAbsent(service, key -> new TreeSet<>()).add(operation);
    }

    void addStatus(int statusCode) {
      statusMask |= 1 << statusCode;
    }

    void addSpanKey(String key) {
      spanKeys.add(key);
    }

    void addResourceKeys(Set<String> keys) {
      resourceKeys.addAll(keys);
    }

    /** Marks the blooms as holding array elements; only a test writing old blocks leaves it. */
    void arrayElementsInBlooms() {
      statusMask |= ARRAY_ELEMENTS_IN_BLOOMS;
    }

    BlockSummary build() {
      return new BlockSummary(operations, spanKeys, resourceKeys, statusMask);
    }
  }

  boolean hasOperation(String name) {
    for (SortedSet<String> names : operationsByService.values()) {
      if (names.contains(name)) {
        return true;
      }
    }
    return false;
  }

  void writeTo(ByteSink out) {
    out.writeVarInt(operationsByService.size());
    for (Map.Entry<String, SortedSet<String>> entry : operationsByService.entrySet()) {
      out.writeString(entry.getKey());
      writeStrings(entry.getValue(), out);
    }
    writeStrings(spanAttributeKeys, out);
    writeStrings(resourceAttributeKeys, out);
    out.writeVarInt(statusMask);
  }

  private static void writeStrings(Set<String> values, ByteSink out) {
    out.writeVarInt(values.size());
    for (String value : values) {
      out.writeString(value);
    }
  }

  static BlockSummary readFrom(ByteSource in) {
    SortedMap<String, SortedSet<String>> operations = new TreeMap<>();
    int services = in.readCount();
    for (int i = 0; i < services; i++) {
      operations.put(in.readString(), readStrings(in));
    }
    return new BlockSummary(operations, readStrings(in), readStrings(in), in.readVarInt());
  }

  private static SortedSet<String> readStrings(ByteSource in) {
    int count = in.readCount();
    SortedSet<String> out = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      out.add(in.readString());
    }
    return out;
  }
}
