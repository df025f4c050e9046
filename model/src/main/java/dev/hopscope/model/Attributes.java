package dev.hopscope.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, insertion-ordered set of key/value pairs. Keys are unique: a later value for the
 * same key replaces the earlier one, as the OpenTelemetry SDKs do. Equality ignores order.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(Map.of());

  // Null only while a deferred value has not been read yet (see deferred()).
  private volatile @Nullable Map<String, AttributeValue> values;

  private final @Nullable Supplier<Attributes> deferred;

  // Answers get() for a deferred value not read whole yet; null when there is none.
  private final @Nullable Function<String, @Nullable AttributeValue> lookup;

  /**
   * The map's hash, computed once: a resource's attributes are hashed for every span that interns
   * it (as String does, a benign race — every thread computes the same value).
   */
  private int hash;

  private boolean hashIsZero;

  private Attributes(Map<String, AttributeValue> values) {
    this.values = values;
    this.deferred = null;
    this.lookup = null;
  }

  private Attributes(
      Supplier<Attributes> deferred, @Nullable Function<String, @Nullable AttributeValue> lookup) {
    this.deferred = deferred;
    this.lookup = lookup;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Attributes read from {@code source} the first time anything asks: a block writer hands every
   * span of a cut to a digester that reads the attributes of few of them, and building each map was
   * a tenth of the cut. The value keeps whatever {@code source} captures alive, so use it only for
   * short-lived spans.
   */
  public static Attributes deferred(Supplier<Attributes> source) {
    return new Attributes(Objects.requireNonNull(source, "source"), null);
  }

  /**
   * As {@link #deferred(Supplier)}, with {@code lookup} answering {@link #get} until something
   * reads the whole: a digest names a database call from a few keys of the span, and building the
   * span's map for that was most of what naming it cost. {@code lookup} must give what {@code
   * source}'s value would: the value of the key, or null.
   */
  public static Attributes deferred(
      Supplier<Attributes> source, Function<String, @Nullable AttributeValue> lookup) {
    return new Attributes(
        Objects.requireNonNull(source, "source"), Objects.requireNonNull(lookup, "lookup"));
  }

  private Map<String, AttributeValue> map() {
    Map<String, AttributeValue> map = values;
    if (map == null) {
      // Two threads may both read the source; they compute equal maps, and the volatile write
      // publishes a complete one.
      map = Objects.requireNonNull(deferred, "deferred").get().map();
      values = map;
    }
    return map;
  }

  /** Pairs of key, value: {@code of("http.method", AttributeValue.of("GET"))}. */
  public static Attributes of(String key, AttributeValue value) {
    return builder().put(key, value).build();
  }

  /** The value of a key, or null when the key is absent. */
  public @Nullable AttributeValue get(String key) {
    Map<String, AttributeValue> map = values;
    if (map == null && lookup != null) {
      return lookup.apply(Objects.requireNonNull(key, "key"));
    }
    return map().get(key);
  }

  public int size() {
    return map().size();
  }

  public boolean isEmpty() {
    return map().isEmpty();
  }

  /** An unmodifiable view in insertion order. */
  public Map<String, AttributeValue> asMap() {
    return map();
  }

  public void forEach(BiConsumer<String, AttributeValue> action) {
    map().forEach(action);
  }

  public List<String> keys() {
    return List.copyOf(map().keySet());
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    return other instanceof Attributes attributes
        && hashCode() == attributes.hashCode()
        && map().equals(attributes.map());
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && !hashIsZero) {
      h = map().hashCode();
      if (h == 0) {
        hashIsZero = true;
      } else {
        hash = h;
      }
    }
    return h;
  }

  @Override
  public String toString() {
    Map<String, AttributeValue> map = map();
    List<String> parts = new ArrayList<>(map.size());
    map.forEach((key, value) -> parts.add(key + "=" + value.asText()));
    return "{" + String.join(", ", parts) + "}";
  }

  /**
   * Collects pairs; not thread-safe. {@link #build} hands its map to the result rather than copying
   * it (most builders build once); a builder used again after that copies the map first, so a built
   * value never changes.
   */
  public static final class Builder {
    private LinkedHashMap<String, AttributeValue> values = new LinkedHashMap<>();
    // True once build() handed the map out: the next change copies it.
    private boolean handedOut;

    private Builder() {}

    public Builder put(String key, AttributeValue value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      writable().put(key, value);
      return this;
    }

    public Builder put(String key, String value) {
      return put(key, AttributeValue.of(value));
    }

    public Builder put(String key, long value) {
      return put(key, AttributeValue.of(value));
    }

    public Builder put(String key, boolean value) {
      return put(key, AttributeValue.of(value));
    }

    public Builder put(String key, double value) {
      return put(key, AttributeValue.of(value));
    }

    public Builder putAll(Attributes attributes) {
      writable().putAll(attributes.map());
      return this;
    }

    public int size() {
      return values.size();
    }

    public Attributes build() {
      if (values.isEmpty()) {
        return EMPTY;
      }
      handedOut = true;
      return new Attributes(Collections.unmodifiableMap(values));
    }

    private LinkedHashMap<String, AttributeValue> writable() {
      if (handedOut) {
        values = new LinkedHashMap<>(values);
        handedOut = false;
      }
      return values;
    }
  }
}
