package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.KafkaSpanSink;
import dev.hopscope.model.SpanBatch;
import java.util.concurrent.CompletableFuture;

/**
 * The distributor's store: writes go to Kafka ({@link KafkaSpanSink}), answered once Kafka
 * acknowledged them; reads are refused with where to go ({@link NoReads}).
 */
public final class DistributorStore extends NoReads {
  private final KafkaSpanSink sink;

  private DistributorStore(KafkaSpanSink sink) {
    super("distributor");
    this.sink = sink;
  }

  public static DistributorStore open(KafkaSettings settings, String name) {
    return new DistributorStore(KafkaSpanSink.open(settings, name));
  }

  public KafkaSpanSink sink() {
    return sink;
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return sink.write(tenant, batch);
  }

  @Override
  public void close() {
    sink.close();
  }
}
