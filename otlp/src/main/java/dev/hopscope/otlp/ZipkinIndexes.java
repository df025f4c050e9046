package dev.hopscope.otlp;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import java.util.HashMap;
import java.util.Map;

/**
 * The batch's resource and scope indexes by what decides them, so that a span costs a map lookup by
 * its service name instead of building and hashing a resource: a Zipkin span's resource is its
 * local service name and nothing else, and most spans carry no scope tags. Shared by both Zipkin
 * readers ({@link ZipkinJsonDecoder}, {@link ZipkinJsonFastPath}).
 */
final class ZipkinIndexes {
  private final SpanBatch.Builder batch;
  private final Map<String, Integer> resourceByService = new HashMap<>();
  private int emptyScope = -1;

  ZipkinIndexes(SpanBatch.Builder batch) {
    this.batch = batch;
  }

  int resource(String serviceName) {
    return resourceByService.computeIfAbsent(
        serviceName,
        name ->
            batch.resourceIndex(
                Resource.of(
                    name.isEmpty()
                        ? Attributes.empty()
                        : Attributes.builder().put(Resource.SERVICE_NAME, name).build())));
  }

  int scope(InstrumentationScope scope) {
    if (scope.name().isEmpty() && scope.version().isEmpty()) {
      if (emptyScope < 0) {
        emptyScope = batch.scopeIndex(scope);
      }
      return emptyScope;
    }
    return batch.scopeIndex(scope);
  }
}
