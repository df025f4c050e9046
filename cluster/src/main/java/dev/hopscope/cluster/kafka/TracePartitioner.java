package dev.hopscope.cluster.kafka;

/**
 * Which partition a trace's spans go to: a mix of both halves of the trace id, modulo the partition
 * count. Every span of a trace lands in one partition, whichever distributor received it, so one
 * block-builder and one live store see the whole trace.
 *
 * <p>The function is part of the data format: changing it (or the partition count) sends new spans
 * of old traces elsewhere; queries still merge the parts, but trace-by-id would read more blocks.
 */
public final class TracePartitioner {
  private TracePartitioner() {}

  public static int partition(long traceIdHigh, long traceIdLow, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    // SplitMix64's finaliser: trace ids from some SDKs are not uniform in every bit.
    long z = traceIdHigh * 0x9E3779B97F4A7C15L ^ traceIdLow;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (int) Long.remainderUnsigned(z, partitions);
  }
}
