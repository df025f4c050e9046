package dev.hopscope.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Spans, bytes and the benchmark thread's CPU time, reported by JMH as rates next to the operations
 * per second: the {@code :spans}, {@code :bytes} and {@code :cpuNanos} rows of a throughput run are
 * spans/s, bytes/s and CPU-nanoseconds per second. On a machine shared with other work, spans per
 * CPU-second = spans/s ÷ (cpuNanos/s ÷ 1e9) is the figure that does not depend on how much of a
 * core the thread was given.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Counters {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public long spans;
  public long bytes;
  public long cpuNanos;
  private long lastCpu;

  @Setup(Level.Iteration)
  public void reset() {
    spans = 0;
    bytes = 0;
    cpuNanos = 0;
    lastCpu = THREADS.getCurrentThreadCpuTime();
  }

  /**
   * Adds the thread's CPU time since the last call (about a microsecond per call, against
   * milliseconds of work per operation in the benchmarks that call it).
   */
  void count(long spanCount, long byteCount) {
    spans += spanCount;
    bytes += byteCount;
    long now = THREADS.getCurrentThreadCpuTime();
    cpuNanos += now - lastCpu;
    lastCpu = now;
  }
}
