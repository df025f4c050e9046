package dev.hopscope.analysis.skew;

/**
 * The shift applied to every span of one clock domain, a (service, host.name) pair.
 *
 * @param offsetNanos added to the start and end of each of the domain's spans
 * @param spanCount how many spans were shifted
 */
public record ClockOffset(String service, String host, long offsetNanos, int spanCount) {}
