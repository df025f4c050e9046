package dev.hopscope.store.internal;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

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

  /**
   * Adds the text of {@code scopedName}'s values: {@code span.x}, {@code resource.x}, or {@code .x}
   * for either scope, as TraceQL writes it.
   */
  public static void addAttributeValues(
      Span span, String scopedName, String prefix, SortedSet<String> out) {
    if (scopedName.startsWith(SPAN_SCOPE)) {
      addValue(span.attributes().asMap(), scopedName.substring(SPAN_SCOPE.length()), prefix, out);
    } else if (scopedName.startsWith(RESOURCE_SCOPE)) {
      addValue(
          span.resource().attributes().asMap(),
          scopedName.substring(RESOURCE_SCOPE.length()),
          prefix,
          out);
    } else if (scopedName.startsWith(".")) {
      addValue(span.attributes().asMap(), scopedName.substring(1), prefix, out);
      addValue(span.resource().attributes().asMap(), scopedName.substring(1), prefix, out);
    } else {
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
  }

  private static void addValue(
      Map<String, AttributeValue> attributes, String key, String prefix, SortedSet<String> out) {
    AttributeValue value = attributes.get(key);
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
