package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.live.LiveStoreConsumer;
import dev.hopscope.cluster.remote.StoreReadEndpoint;
import dev.hopscope.store.HealthCheck;
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
public final class LiveStore extends ReadOnlyStore {
  private final EmbeddedTraceStore engine;
  private final LiveStoreConsumer consumer;

  private LiveStore(EmbeddedTraceStore engine, LiveStoreConsumer consumer) {
    super(engine, "live-store");
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
      return new LiveStore(
          engine,
          LiveStoreConsumer.start(settings, engine, window, clock, name, LiveStoreConsumer.GROUP));
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  static void emptyDirectory(Path dir) {
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

  /** The internal read API queriers call; search answers the partitions consumed here now. */
  public StoreReadEndpoint readEndpoint() {
    return new StoreReadEndpoint(engine, consumer::serves);
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
