package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The primitive table answers as a {@code HashMap<TraceId, Long>} would, through its growth. */
class TraceBytesTest {
  @Test
  void answersAsAHashMapWouldOverSeededRandomAddsAndTakeBacks() {
    SplittableRandom random = new SplittableRandom(20);
    TraceBytes table = new TraceBytes();
    Map<TraceId, Long> reference = new HashMap<>();
    TraceId[] ids = new TraceId[20_000];
    for (int i = 0; i < ids.length; i++) {
      // Some ids share a half, as real ones from one generator might.
      long high = random.nextInt(4) == 0 ? 0 : random.nextLong();
      long low = random.nextInt(4) == 0 ? i + 1 : random.nextLong();
      ids[i] = new TraceId(high, low == 0 ? 1 : low);
    }
    for (int op = 0; op < 200_000; op++) {
      TraceId id = ids[random.nextInt(ids.length)];
      long delta = random.nextInt(5) == 0 ? -random.nextLong(1, 3_000) : random.nextLong(1, 2_000);
      table.add(id.high(), id.low(), delta);
      Long before = reference.get(id);
      if (before != null) {
        reference.put(id, Math.max(0, before + delta));
      } else if (delta > 0) {
        reference.put(id, delta);
      }
      if (op % 1_000 == 0) {
        for (TraceId probe : ids) {
          assertThat(table.get(probe.high(), probe.low()))
              .as(probe.toHex())
              .isEqualTo(reference.getOrDefault(probe, 0L));
        }
      }
    }
    long nonZero = reference.values().stream().filter(bytes -> bytes > 0).count();
    assertThat(table.size()).isBetween((int) nonZero, reference.size());
  }
}
