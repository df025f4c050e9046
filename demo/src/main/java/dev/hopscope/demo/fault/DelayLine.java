package dev.hopscope.demo.fault;

import dev.hopscope.demo.time.NanoClock;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One direction of a proxied connection, behaving like a wire with a fixed latency: each chunk is
 * stamped when it arrives and written out when {@code arrival + delay} has come, so a chunk that
 * arrives while an earlier one waits is not delayed twice. One thread offers, another drains.
 */
final class DelayLine {
  /** Bounded so a stalled callee back-pressures the caller instead of filling memory. */
  private static final int CAPACITY = 256;

  private static final Chunk END = new Chunk(0, new byte[0]);

  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Supplier<Fault> fault;
  private final NanoClock clock;
  private final RandomGenerator random;
  // Read and written only by the offering thread.
  private long lastDue = Long.MIN_VALUE;

  DelayLine(Supplier<Fault> fault, NanoClock clock, RandomGenerator random) {
    this.fault = fault;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Stamps and queues {@code length} bytes of {@code data}. Returns false when the fault says this
   * chunk fails: the caller then cuts the connection, which the client sees as an error.
   */
  boolean offer(byte[] data, int length) throws InterruptedException {
    Fault current = fault.get();
    if (current.errorRate() > 0 && random.nextDouble() < current.errorRate()) {
      return false;
    }
    // A delay lowered at run time must not let later bytes overtake earlier ones.
    long due = Math.max(clock.nanoTime() + current.delay().toNanos(), lastDue);
    lastDue = due;
    queue.put(new Chunk(due, Arrays.copyOf(data, length)));
    return true;
  }

  /** Marks the end of the stream; {@link #drainTo} returns after the chunks before it. */
  void end() throws InterruptedException {
    queue.put(END);
  }

  /** Writes chunks to {@code out} at their due times until {@link #end} is reached. */
  void drainTo(OutputStream out) throws IOException, InterruptedException {
    for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
      clock.parkUntil(chunk.due());
      out.write(chunk.bytes());
      out.flush();
    }
  }

  private record Chunk(long due, byte[] bytes) {}
}
