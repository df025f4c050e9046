package dev.hopscope.demo.fault;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The wires of the shop that a fault proxy sits on, named caller-callee. */
public enum Hop {
  WEBAPP_AUTH("webapp-auth"),
  WEBAPP_DATABASE("webapp-database");

  private final String id;

  Hop(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Hop of(String id) {
    for (Hop hop : values()) {
      if (hop.id.equals(id)) {
        return hop;
      }
    }
    throw new IllegalArgumentException(
        "unknown hop '"
            + id
            + "': use one of "
            + Arrays.stream(values()).map(Hop::id).collect(Collectors.joining(", ")));
  }
}
