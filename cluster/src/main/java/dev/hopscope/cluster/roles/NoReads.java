package dev.hopscope.cluster.roles;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.NotServedHereException;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The read half of a role that serves no queries: every read is refused with a message naming the
 * role and where queries go (the APIs answer 501 with it), so a user who points Grafana at the
 * wrong process learns why instead of seeing an empty store.
 */
abstract class NoReads implements TraceStore {
  private final String refusal;

  NoReads(String role) {
    this.refusal =
        "this Hopscope runs the "
            + role
            + " role, which serves no queries; query a querier or a live store instead";
  }

  final NotServedHereException refused() {
    return new NotServedHereException(refusal);
  }

  @Override
  public final Optional<Trace> trace(String tenant, TraceId traceId) {
    throw refused();
  }

  @Override
  public final Stream<Trace> search(String tenant, SearchRequest request) {
    throw refused();
  }

  @Override
  public final List<String> services(String tenant, TimeRange range) {
    throw refused();
  }

  @Override
  public final List<String> operations(String tenant, String service, TimeRange range) {
    throw refused();
  }

  @Override
  public final List<String> attributeNames(String tenant, TimeRange range) {
    throw refused();
  }

  @Override
  public final List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    throw refused();
  }

  @Override
  public final void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    throw refused();
  }

  @Override
  public HealthCheck check() {
    return HealthCheck.healthy();
  }

  @Override
  public List<String> tenants() {
    return List.of();
  }
}
