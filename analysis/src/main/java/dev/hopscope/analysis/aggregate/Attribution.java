package dev.hopscope.analysis.aggregate;

import java.util.List;

/**
 * Why the slow traces are slow, relative to a baseline.
 *
 * @param attributes attribute values over-represented in slow traces, most over-represented first
 * @param contributions critical-path contributions that grew most per trace, largest first
 * @param findings sentences with numbers, e.g. "`auth.pool=exhausted`: 92% of slow vs 4% of
 *     baseline"
 */
public record Attribution(
    long slowCount,
    long baselineCount,
    long slowMeanDurationNanos,
    long baselineMeanDurationNanos,
    List<AttributeSkew> attributes,
    List<ContributionDelta> contributions,
    List<String> findings) {
  public Attribution {
    attributes = List.copyOf(attributes);
    contributions = List.copyOf(contributions);
    findings = List.copyOf(findings);
  }
}
