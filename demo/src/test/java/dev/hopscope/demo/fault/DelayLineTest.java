package dev.hopscope.demo.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.demo.time.FakeClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DelayLineTest {
  private final FakeClock clock = new FakeClock();
  private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
  private final DelayLine line = new DelayLine(fault::get, clock, new Random(42));

  @Test
  void forwardsEachChunkOneDelayAfterItArrived() throws Exception {
    fault.set(new Fault(Duration.ofMillis(100), 0));
    line.offer(bytes("GET"), 3);
    clock.advanceMillis(30);
    line.offer(bytes("BODY"), 4);
    line.end();

    List<String> writes = drain();

    // The second chunk is not delayed twice although it arrived while the first was waiting.
    assertThat(writes).containsExactly("GET@100", "BODY@130");
  }

  @Test
  void noDelayForwardsAtOnce() throws Exception {
    clock.advanceMillis(7);
    line.offer(bytes("ping"), 4);
    line.end();

    assertThat(drain()).containsExactly("ping@7");
  }

  @Test
  void loweringTheDelayNeverReordersBytes() throws Exception {
    fault.set(new Fault(Duration.ofMillis(100), 0));
    line.offer(bytes("first"), 5);
    clock.advanceMillis(10);
    fault.set(Fault.NONE);
    line.offer(bytes("second"), 6);
    line.end();

    assertThat(drain()).containsExactly("first@100", "second@100");
  }

  @Test
  void errorRateOneRefusesEveryChunk() throws Exception {
    fault.set(new Fault(Duration.ZERO, 1));

    assertThat(line.offer(bytes("x"), 1)).isFalse();
  }

  @Test
  void errorRateIsHonouredWithAFixedSeed() throws Exception {
    fault.set(new Fault(Duration.ZERO, 0.25));
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
      if (!line.offer(bytes("x"), 1)) {
        refused++;
      }
      if (i % 200 == 199) { // keeps the bounded queue from filling
        line.end();
        drain();
      }
    }

    assertThat(refused).isBetween(200, 300);
  }

  private List<String> drain() throws Exception {
    List<String> writes = new ArrayList<>();
    line.drainTo(
        new OutputStream() {
          @Override
          public void write(int b) {
            throw new UnsupportedOperationException("DelayLine writes whole chunks");
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8) + "@" + clock.nowMillis());
          }
        });
    return writes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
