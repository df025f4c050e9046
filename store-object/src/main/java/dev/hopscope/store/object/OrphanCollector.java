package dev.hopscope.store.object;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Deletes data objects that have had no meta for longer than the grace: uploads that crashed before
 * their meta and were never redone to the same id (a redone merge that chose other inputs). A
 * builder's or a compactor's upload in progress is such an object for seconds, far less than the
 * grace. Age is when this collector first saw the object without a meta, by its own clock, not the
 * object's timestamp: the service's clock and ours never meet.
 */
final class OrphanCollector {
  private static final System.Logger LOG = System.getLogger(OrphanCollector.class.getName());

  private final ObjectStorage storage;
  private final Duration grace;
  // tenant/id of data objects without a meta, and when they were first seen so.
  private final Map<String, Instant> seen = new HashMap<>();

  OrphanCollector(ObjectStorage storage, Duration grace) {
    this.storage = storage;
    this.grace = grace;
  }

  /**
   * One listing of the tenant's blocks; deletes the orphans seen for the grace, each once {@code
   * mayDelete} agrees. Returns how many were deleted, or -1 when {@code mayDelete} said no.
   */
  int collect(String tenant, Instant now, Predicate<String> mayDelete) {
    String prefix = BlockKeys.blocksPrefix(tenant);
    Set<String> metas = new HashSet<>();
    Set<String> data = new TreeSet<>();
    for (ObjectStorage.ObjectInfo object : storage.list(prefix)) {
      String rest = object.key().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        continue;
      }
      String file = rest.substring(slash + 1);
      if (file.equals(BlockKeys.META)) {
        metas.add(rest.substring(0, slash));
      } else if (file.equals(BlockKeys.DATA)) {
        data.add(rest.substring(0, slash));
      }
    }
    String tenantKey = tenant + "/";
    seen.keySet()
        .removeIf(
            key -> {
              if (!key.startsWith(tenantKey)) {
                return false;
              }
              String id = key.substring(tenantKey.length());
              return !data.contains(id) || metas.contains(id);
            });
    int deleted = 0;
    for (String id : data) {
      if (metas.contains(id)) {
        continue;
      }
      Instant first = seen.computeIfAbsent(tenantKey + id, key -> now);
      if (now.isBefore(first.plus(grace))) {
        continue;
      }
      if (!mayDelete.test(id)) {
        return -1;
      }
      LOG.log(Level.INFO, "deleting {0}: no meta.json for longer than the grace", prefix + id);
      storage.delete(BlockKeys.dataKey(tenant, id));
      seen.remove(tenantKey + id);
      deleted++;
    }
    return deleted;
  }
}
