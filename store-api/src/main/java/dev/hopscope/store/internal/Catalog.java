package dev.hopscope.store.internal;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Collects the autocomplete answers (services, operations, attribute names and values) from spans,
 * with one definition shared by every store so that they agree.
 */
public final class Catalog {
  public static final String SPAN_SCOPE = "span.";
  public static final String RESOURCE_SCOPE = "resource.";

  private Catalog() {}

  public static void addService(Span span, SortedSet<String> out) {
    out.add(span.serviceName());
  }

  public static void addOperation(Span span, String service, SortedSet<String> out) {
    if (span.serviceName().equals(service)) {
      out.add(span.name());
    }
  }

  public static void addAttributeNames(Span span, SortedSet<String> out) {
    for (String key : span.attributes().asMap().keySet()) {
      out.add(SPAN_SCOPE + key);
    }
    for (String key : span.resource().attributes().asMap().keySet()) {
      out.add(RESOURCE_SCOPE + key);
    }
  }

  /** A parsed attribute name: which scopes it searches and the key. */
  public record ScopedName(boolean span, boolean resource, String key) {}

  /**
   * Parses {@code span.x}, {@code resource.x}, or {@code .x} for either scope, as TraceQL writes
   * it.
   */
  public static ScopedName parse(String scopedName) {
    if (scopedName.startsWith(SPAN_SCOPE)) {
      return new ScopedName(true, false, scopedName.substring(SPAN_SCOPE.length()));
    }
    if (scopedName.startsWith(RESOURCE_SCOPE)) {
      return new ScopedName(false, true, scopedName.substring(RESOURCE_SCOPE.length()));
    }
    if (scopedName.startsWith(".")) {
      return new ScopedName(true, true, scopedName.substring(1));
    }
    throw new IllegalArgumentException(
        "attribute name \""
            + scopedName
            + "\" needs a scope; write span."
            + scopedName
            + ", resource."
            + scopedName
            + " or ."
            + scopedName);
  }

  /** Adds the text of the named attribute's values in this span. */
  public static void addAttributeValues(
      Span span, ScopedName name, String prefix, SortedSet<String> out) {
    if (name.span()) {
      addValue(span.attributes().get(name.key()), prefix, out);
    }
    if (name.resource()) {
      addValue(span.resource().attributes().get(name.key()), prefix, out);
    }
  }

  /** Adds a value's text when present and starting with the prefix. */
  public static void addValue(
      @Nullable AttributeValue value, String prefix, SortedSet<String> out) {
    if (value != null) {
      String text = value.asText();
      if (text.startsWith(prefix)) {
        out.add(text);
      }
    }
  }

  /** The first {@code limit} values, sorted. */
  public static List<String> firstN(SortedSet<String> values, int limit) {
    List<String> out = new ArrayList<>(Math.min(values.size(), Math.max(limit, 0)));
    for (String value : values) {
      if (out.size() >= limit) {
        break;
      }
      out.add(value);
    }
    return out;
  }

  public static SortedSet<String> newSet() {
    return new TreeSet<>();
  }

  public static void requirePositiveLimit(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive; received " + limit);
    }
  }
}
