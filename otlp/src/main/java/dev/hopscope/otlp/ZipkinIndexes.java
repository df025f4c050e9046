package dev.hopscope.otlp;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
  private @Nullable String lastService;
  private int lastResource;
  private InstrumentationScope lastScope = InstrumentationScope.EMPTY;
  private int lastScopeIndex = -1;

  ZipkinIndexes(SpanBatch.Builder batch) {
    this.batch = batch;
  }

  int resource(String serviceName) {
    // Neighbouring spans mostly share a service, and the readers' caches return the same instance.
    if (serviceName == lastService) {
      return lastResource;
    }
    lastService = serviceName;
    lastResource = resourceIndex(serviceName);
    return lastResource;
  }

  private int resourceIndex(String serviceName) {
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
    // Spans in a request mostly share their scope, and its strings are the same instances (the
    // readers' string caches): a match skips hashing the scope into the batch's dictionary.
    if (scope.name() == lastScope.name()
        && scope.version() == lastScope.version()
        && scope.attributes().equals(lastScope.attributes())
        && scope.droppedAttributesCount() == lastScope.droppedAttributesCount()
        && lastScopeIndex >= 0) {
      return lastScopeIndex;
    }
    lastScope = scope;
    lastScopeIndex = scopeIndex(scope);
    return lastScopeIndex;
  }

  private int scopeIndex(InstrumentationScope scope) {
    if (scope.name().isEmpty() && scope.version().isEmpty()) {
      if (emptyScope < 0) {
        emptyScope = batch.scopeIndex(scope);
      }
      return emptyScope;
    }
    return batch.scopeIndex(scope);
  }
}
