package dev.hopscope.store;

import java.util.List;

/** The result of {@link TraceStore#check()}: healthy, or the problems found. */
public record HealthCheck(List<String> problems) {
  public HealthCheck {
    problems = List.copyOf(problems);
  }

  public static HealthCheck healthy() {
    return new HealthCheck(List.of());
  }

  public boolean isHealthy() {
    return problems.isEmpty();
  }
}
