package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellsCodecTest {
  /** Every field survives: keys with and without a service, negative grains, huge durations. */
  @Test
  void cellsRoundTrip() {
    Random random = new Random(11);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long start = (random.nextBoolean() ? 1 : -1) * (long) (random.nextDouble() * 4e11);
      long duration =
          random.nextInt(10) == 0 ? Long.MAX_VALUE / 4 : (long) (random.nextDouble() * 5e9);
      Resource resource =
          random.nextInt(4) == 0
              ? Resource.of(Attributes.empty())
              : Resource.of(
                  Attributes.of(
                      Resource.SERVICE_NAME, AttributeValue.of("svc" + random.nextInt(3))));
      StatusCode code = StatusCode.values()[random.nextInt(3)];
      spans.add(
          Span.builder(new TraceId(random.nextLong(), random.nextLong() | 1), new SpanId(i + 1))
              .name("op" + random.nextInt(4))
              .kind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
              .status(new Status(code, ""))
              .startNanos(start)
              .endNanos(start + duration)
              .resource(resource)
              .build());
    }
    SpanCells cells = new SpanCells();
    SpanBatch batch = SpanBatch.of(spans);
    for (int row = 0; row < batch.size(); row++) {
      cells.add(batch, row);
    }
    List<SpanCell> written = cells.cells();
    List<SpanCell> read = CellsCodec.decode(CellsCodec.encode(written));
    assertThat(read).usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
    assertThat(read.stream().mapToLong(SpanCell::count).sum()).isEqualTo(spans.size());
  }
}
