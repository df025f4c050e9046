package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.live.LiveStoreConsumer;
import dev.hopscope.cluster.query.MergedTraceSource;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.WalSync;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStorageConfig;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.ObjectTraceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The querier role: every read API over the blocks in the bucket ({@link ObjectTraceStore}, with
 * its local caches) and, when Kafka is configured, over the recent spans not yet in a block, read
 * from Kafka into a small engine of its own ({@link MergedTraceSource} joins the two). Writes are
 * refused with where to go.
 *
 * <p>The recent view is the querier's own consumer group reading every partition for a few
 * block-builder cycles back, not a call to the live stores: it holds minutes, not the hour a live
 * store does, and needs no protocol between roles.
 */
public final class QuerierStore extends ReadOnlyStore {
  private final ObjectTraceStore blocks;
  private final Optional<Recent> recent;

  private record Recent(EmbeddedTraceStore engine, LiveStoreConsumer consumer) {}

  private QuerierStore(TraceSource reads, ObjectTraceStore blocks, Optional<Recent> recent) {
    super(reads, "querier");
    this.blocks = blocks;
    this.recent = recent;
  }

  /**
   * Opens the bucket and, with {@code kafka} present, starts the recent view: {@code recentWindow}
   * back, in {@code scratch} (emptied), in a consumer group named after {@code name}.
   */
  public static QuerierStore open(
      ObjectStorageConfig bucket,
      ObjectStoreConfig config,
      Optional<KafkaSettings> kafka,
      Path scratch,
      Duration recentWindow,
      InstantSource clock,
      String name) {
    ObjectStorage storage = ObjectStorage.create(bucket);
    ObjectTraceStore blocks;
    try {
      blocks = ObjectTraceStore.open(storage, config);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    if (kafka.isEmpty()) {
      return new QuerierStore(blocks, blocks, Optional.empty());
    }
    EmbeddedTraceStore engine = null;
    try {
      LiveStore.emptyDirectory(scratch);
      engine =
          EmbeddedTraceStore.open(
              EmbeddedStoreConfig.builder(scratch)
                  .walSync(WalSync.NONE)
                  .retention(recentWindow)
                  .clock(clock)
                  .build());
      LiveStoreConsumer consumer =
          LiveStoreConsumer.start(kafka.get(), engine, recentWindow, clock, name, name);
      return new QuerierStore(
          new MergedTraceSource(engine, blocks), blocks, Optional.of(new Recent(engine, consumer)));
    } catch (RuntimeException e) {
      if (engine != null) {
        engine.close();
      }
      blocks.close();
      throw e;
    }
  }

  public ObjectTraceStore blocks() {
    return blocks;
  }

  /** The recent view's consumer, when Kafka is configured. */
  public Optional<LiveStoreConsumer> recentConsumer() {
    return recent.map(Recent::consumer);
  }

  @Override
  public HealthCheck check() {
    List<String> problems = new ArrayList<>(blocks.check().problems());
    recent.ifPresent(r -> problems.addAll(r.engine().check().problems()));
    return new HealthCheck(problems);
  }

  @Override
  public List<String> tenants() {
    TreeSet<String> all = new TreeSet<>(blocks.tenants());
    recent.ifPresent(r -> all.addAll(r.engine().tenants()));
    return List.copyOf(all);
  }

  @Override
  public void close() {
    recent.ifPresent(
        r -> {
          r.consumer().close();
          r.engine().close();
        });
    blocks.close();
  }
}
