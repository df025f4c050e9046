package dev.hopscope.model;

import java.util.Objects;

/** A timestamped annotation on a span (an exception, a retry, a log line). */
public record Event(
    long timeNanos, String name, Attributes attributes, int droppedAttributesCount) {
  public Event {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(attributes, "attributes");
  }

  public static Event of(long timeNanos, String name) {
    return new Event(timeNanos, name, Attributes.empty(), 0);
  }
}
