package dev.hopscope.model;

import java.util.Objects;

/** The library that recorded spans (tracer name and version). */
public record InstrumentationScope(
    String name, String version, Attributes attributes, int droppedAttributesCount) {
  public static final InstrumentationScope EMPTY =
      new InstrumentationScope("", "", Attributes.empty(), 0);

  public InstrumentationScope {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(attributes, "attributes");
  }

  public static InstrumentationScope of(String name, String version) {
    return new InstrumentationScope(name, version, Attributes.empty(), 0);
  }
}
