package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.live.LiveStoreConsumer;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.NotServedHereException;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.WalSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The live store role: the recent window of the span topic in an embedded engine, fed by a {@link
 * LiveStoreConsumer}, serving every read. Writes from clients are refused (they go to a
 * distributor).
 *
 * <p>Its data directory is emptied at every start: Kafka holds the durable copy and the consumer
 * replays the window from it, so the engine runs without fsync and nothing on this disk needs
 * recovering. A live store is therefore only as far back as Kafka's retention; keep that at least
 * the window.
 */
public final class LiveStore implements TraceStore {
  private final EmbeddedTraceStore engine;
  private final LiveStoreConsumer consumer;

  private LiveStore(EmbeddedTraceStore engine, LiveStoreConsumer consumer) {
    this.engine = engine;
    this.consumer = consumer;
  }

  /** Empties {@code dataDir}, opens the engine there and starts replaying the window. */
  public static LiveStore start(
      KafkaSettings settings, Path dataDir, Duration window, InstantSource clock, String name) {
    emptyDirectory(dataDir);
    EmbeddedTraceStore engine =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(dataDir)
                .walSync(WalSync.NONE)
                .retention(window)
                .clock(clock)
                .build());
    try {
      return new LiveStore(engine, LiveStoreConsumer.start(settings, engine, window, clock, name));
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private static void emptyDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!file.equals(dir)) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the live store's directory " + dir, e);
    }
  }

  /** The engine, for its metrics. */
  public EmbeddedTraceStore engine() {
    return engine;
  }

  public LiveStoreConsumer consumer() {
    return consumer;
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return CompletableFuture.failedFuture(
        new NotServedHereException(
            "this Hopscope runs the live-store role, which reads spans from Kafka; send spans to a"
                + " distributor instead"));
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    return engine.trace(tenant, traceId);
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    return engine.search(tenant, request);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return engine.services(tenant, range);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    return engine.operations(tenant, service, range);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return engine.attributeNames(tenant, range);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    return engine.attributeValues(tenant, scopedName, prefix, range, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    engine.scan(tenant, range, consumer);
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    return engine.scan(tenant, range, limit, consumer);
  }

  @Override
  public HealthCheck check() {
    return engine.check();
  }

  @Override
  public List<String> tenants() {
    return engine.tenants();
  }

  @Override
  public void close() {
    consumer.close();
    engine.close();
  }
}
