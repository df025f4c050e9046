package dev.hopscope.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Spans and bytes processed, reported by JMH as rates next to the operations per second: the {@code
 * :spans} and {@code :bytes} rows of a throughput run are spans/s and bytes/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Counters {
  public long spans;
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    spans = 0;
    bytes = 0;
  }
}
