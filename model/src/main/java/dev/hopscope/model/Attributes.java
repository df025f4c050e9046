package dev.hopscope.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, insertion-ordered set of key/value pairs. Keys are unique: a later value for the
 * same key replaces the earlier one, as the OpenTelemetry SDKs do. Equality ignores order.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(Map.of());

  private final Map<String, AttributeValue> values;

  /**
   * The map's hash, computed once: a resource's attributes are hashed for every span that interns
   * it (as String does, a benign race — every thread computes the same value).
   */
  private int hash;

  private boolean hashIsZero;

  private Attributes(Map<String, AttributeValue> values) {
    this.values = values;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Pairs of key, value: {@code of("http.method", AttributeValue.of("GET"))}. */
  public static Attributes of(String key, AttributeValue value) {
    return builder().put(key, value).build();
  }

  /** The value of a key, or null when the key is absent. */
  public @Nullable AttributeValue get(String key) {
    return values.get(key);
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** An unmodifiable view in insertion order. */
  public Map<String, AttributeValue> asMap() {
    return values;
  }

  public void forEach(BiConsumer<String, AttributeValue> action) {
    values.forEach(action);
  }

  public List<String> keys() {
    return List.copyOf(values.keySet());
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    return other instanceof Attributes attributes
        && hashCode() == attributes.hashCode()
        && values.equals(attributes.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && !hashIsZero) {
      h = values.hashCode();
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
    List<String> parts = new ArrayList<>(values.size());
    values.forEach((key, value) -> parts.add(key + "=" + value.asText()));
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
      writable().putAll(attributes.values);
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
