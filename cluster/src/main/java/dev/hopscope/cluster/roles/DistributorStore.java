package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.KafkaSpanSink;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.NotServedHereException;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The distributor's store: writes go to Kafka ({@link KafkaSpanSink}), answered once Kafka
 * acknowledged them; reads are refused with a message saying where queries go, so a user who points
 * Grafana at a distributor learns why instead of seeing an empty store.
 */
public final class DistributorStore implements TraceStore {
  private static final String NO_READS =
      "this Hopscope runs the distributor role, which only receives spans; query a querier or a"
          + " live store instead";

  private final KafkaSpanSink sink;

  private DistributorStore(KafkaSpanSink sink) {
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
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    throw new NotServedHereException(NO_READS);
  }

  @Override
  public HealthCheck check() {
    return HealthCheck.healthy();
  }

  @Override
  public List<String> tenants() {
    return List.of();
  }

  @Override
  public void close() {
    sink.close();
  }
}
