package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.digest.TraceDigester;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digests are written with every block, cut or compacted, and read back with the head's: each
 * trace's spans reach the digester once per block, in order, and compaction digests a trace whose
 * parts were cut apart as one. A digester that fails costs a block its digest, never its spans, and
 * on the head makes the read fall back to traces.
 */
class TraceDigestsStoreTest {
  private static final String TENANT = "shop";
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.ofEpochSecond(T0 / SECOND));
  private static final TimeRange ALL = new TimeRange(T0 - 3600 * SECOND, T0 + 3600 * SECOND);

  /** Writes one line per trace: its id and how many spans the block holds of it, in order. */
  private static final class CountingDigester implements TraceDigester {
    private final String name;

    CountingDigester(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Digest start() {
      StringBuilder lines = new StringBuilder();
      return new Digest() {
        @Override
        public void add(List<Span> spans) {
          for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i).traceId()).isEqualTo(spans.get(0).traceId());
            assertThat(spans.get(i).startNanos())
                .isGreaterThanOrEqualTo(spans.get(i - 1).startNanos());
          }
          lines
              .append(spans.get(0).traceId().toHex())
              .append(' ')
              .append(spans.size())
              .append('\n');
        }

        @Override
        public byte[] finish() {
          return lines.toString().getBytes(StandardCharsets.UTF_8);
        }
      };
    }
  }

  @TempDir Path directory;

  @Test
  void eachBlockDigestsItsPartOfEachTraceAndCompactionDigestsThemWhole() {
    Random random = new Random(11);
    List<TraceId> ids = ids(random, 30);
    CountingDigester digester = new CountingDigester("count/1");
    try (EmbeddedTraceStore store = open(directory, Optional.of(digester))) {
      store.write(TENANT, SpanBatch.of(spans(ids, 0, 3))).join();
      assertThat(digests(store, "count/1")).as("head").containsExactly(lines(ids, 3));
      store.flush();
      store.write(TENANT, SpanBatch.of(spans(ids.subList(0, 10), 3, 2))).join();
      assertThat(digests(store, "count/1"))
          .as("a block and the head")
          .containsExactlyInAnyOrder(lines(ids, 3), lines(ids.subList(0, 10), 2));
      store.flush();
      store.compact();
      Map<TraceId, Integer> whole = new TreeMap<>();
      ids.forEach(id -> whole.put(id, 3));
      ids.subList(0, 10).forEach(id -> whole.put(id, 5));
      assertThat(digests(store, "count/1")).as("compacted").containsExactly(lines(whole));
    }
    try (EmbeddedTraceStore store = open(directory, Optional.of(digester))) {
      assertThat(digests(store, "count/1")).as("reopened").hasSize(1);
    }
  }

  @Test
  void theHeadIsDigestedOnceUntilItChanges() {
    Random random = new Random(5);
    try (EmbeddedTraceStore store = open(directory, Optional.of(new CountingDigester("count/1")))) {
      store.write(TENANT, SpanBatch.of(spans(ids(random, 5), 0, 2))).join();
      List<byte[]> first = new ArrayList<>();
      List<byte[]> again = new ArrayList<>();
      assertThat(store.traceDigests(TENANT, "count/1", ALL, first::add)).isTrue();
      assertThat(store.traceDigests(TENANT, "count/1", ALL, again::add)).isTrue();
      assertThat(again.get(0)).isSameAs(first.get(0));
      List<TraceId> more = ids(random, 4);
      store.write(TENANT, SpanBatch.of(spans(more, 0, 1))).join();
      List<byte[]> after = new ArrayList<>();
      assertThat(store.traceDigests(TENANT, "count/1", ALL, after::add)).isTrue();
      assertThat(new String(after.get(0), StandardCharsets.UTF_8)).contains(more.get(0).toHex());
    }
  }

  @Test
  void blocksOutsideTheRangeAreNotRead() {
    Random random = new Random(9);
    try (EmbeddedTraceStore store = open(directory, Optional.of(new CountingDigester("count/1")))) {
      store.write(TENANT, SpanBatch.of(spans(ids(random, 5), 0, 2))).join();
      store.flush();
      List<byte[]> seen = new ArrayList<>();
      TimeRange later = new TimeRange(T0 + 7200 * SECOND, T0 + 7300 * SECOND);
      assertThat(store.traceDigests(TENANT, "count/1", later, seen::add)).isTrue();
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void anotherDigesterOrNoneReadsNoDigests() {
    Random random = new Random(2);
    try (EmbeddedTraceStore store = open(directory, Optional.of(new CountingDigester("count/1")))) {
      store.write(TENANT, SpanBatch.of(spans(ids(random, 5), 0, 2))).join();
      store.flush();
      assertThat(store.traceDigests(TENANT, "other/1", ALL, bytes -> {})).isFalse();
    }
    try (EmbeddedTraceStore store = open(directory, Optional.of(new CountingDigester("count/2")))) {
      List<byte[]> seen = new ArrayList<>();
      assertThat(store.traceDigests(TENANT, "count/2", ALL, seen::add))
          .as("a block digested by count/1")
          .isFalse();
      assertThat(seen).isEmpty();
    }
    try (EmbeddedTraceStore store = open(directory, Optional.empty())) {
      assertThat(store.traceDigests(TENANT, "count/1", ALL, bytes -> {})).isFalse();
    }
  }

  @Test
  void aFailingDigesterCostsTheBlockItsDigestNotItsSpans() {
    TraceDigester failing =
        new TraceDigester() {
          @Override
          public String name() {
            return "failing/1";
          }

          @Override
          public Digest start() {
            return new Digest() {
              @Override
              public void add(List<Span> spans) {
                throw new IllegalStateException("digester bug");
              }

              @Override
              public byte[] finish() {
                return new byte[0];
              }
            };
          }
        };
    List<TraceId> ids = ids(new Random(4), 6);
    try (EmbeddedTraceStore store = open(directory, Optional.of(failing))) {
      store.write(TENANT, SpanBatch.of(spans(ids, 0, 2))).join();
      assertThat(store.traceDigests(TENANT, "failing/1", ALL, bytes -> {}))
          .as("the head: read traces instead")
          .isFalse();
      store.flush();
      assertThat(store.stats().tenants().get(TENANT).blocks()).isEqualTo(1);
      for (TraceId id : ids) {
        assertThat(store.trace(TENANT, id)).get().satisfies(t -> assertThat(t.spans()).hasSize(2));
      }
      assertThat(store.traceDigests(TENANT, "failing/1", ALL, bytes -> {})).isFalse();
    }
  }

  private static EmbeddedTraceStore open(Path path, Optional<TraceDigester> digester) {
    EmbeddedStoreConfig.Builder builder =
        EmbeddedStoreConfig.builder(path)
            .clock(CLOCK)
            .retention(Duration.ofDays(365))
            .rowGroupRows(16)
            .maintenanceInterval(Duration.ZERO)
            .walSync(WalSync.NONE);
    digester.ifPresent(builder::digester);
    return EmbeddedTraceStore.open(builder.build());
  }

  private static List<String> digests(EmbeddedTraceStore store, String name) {
    List<String> digests = new ArrayList<>();
    boolean answered =
        store.traceDigests(
            TENANT, name, ALL, bytes -> digests.add(new String(bytes, StandardCharsets.UTF_8)));
    assertThat(answered).isTrue();
    return digests;
  }

  /** The lines a digest of these traces holds, each with {@code spans} spans, by trace id. */
  private static String lines(List<TraceId> ids, int spans) {
    Map<TraceId, Integer> counts = new TreeMap<>();
    ids.forEach(id -> counts.put(id, spans));
    return lines(counts);
  }

  private static String lines(Map<TraceId, Integer> counts) {
    StringBuilder out = new StringBuilder();
    counts.forEach((id, n) -> out.append(id.toHex()).append(' ').append(n).append('\n'));
    return out.toString();
  }

  private static List<TraceId> ids(Random random, int count) {
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(new TraceId(random.nextLong(), random.nextLong() | 1));
    }
    return ids;
  }

  /** {@code perTrace} spans of each trace, span ids from {@code firstSpan + 1}. */
  private static List<Span> spans(List<TraceId> ids, int firstSpan, int perTrace) {
    List<Span> out = new ArrayList<>();
    for (TraceId id : ids) {
      for (int i = 0; i < perTrace; i++) {
        long start = T0 + (firstSpan + i) * SECOND;
        out.add(
            Span.builder(id, new SpanId(firstSpan + i + 1))
                .name("op")
                .kind(SpanKind.SERVER)
                .startNanos(start)
                .endNanos(start + SECOND / 2)
                .resource(
                    Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of("web"))))
                .build());
      }
    }
    return out;
  }
}
