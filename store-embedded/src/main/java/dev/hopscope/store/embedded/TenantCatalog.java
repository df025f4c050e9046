package dev.hopscope.store.embedded;

import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.codec.Tables;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import dev.hopscope.store.internal.Catalog;
import java.util.SortedSet;

/**
 * Autocomplete answers over a snapshot. A block wholly inside the window answers from its footer
 * summary; a block the window cuts through is read row by row, so answers are exact either way.
 */
final class TenantCatalog {
  private TenantCatalog() {}

  /** A row visitor over both kinds of source. */
  private interface RowVisitor {
    void head(SpanBatch batch, int row);

    void block(RowGroup rows, int row);
  }

  private static void rowsIn(
      Snapshot snapshot, TimeRange range, Iterable<Block> blocks, RowVisitor visitor) {
    for (HeadGeneration generation : snapshot.head()) {
      for (SpanBatch batch : generation.batches()) {
        for (int row = 0; row < batch.size(); row++) {
          if (range.overlaps(batch.startNanos(row), batch.endNanos(row))) {
            visitor.head(batch, row);
          }
        }
      }
    }
    for (Block block : blocks) {
      try {
        for (int g = 0; g < block.rowGroupCount(); g++) {
          if (!block.rowGroupOverlaps(g, range)) {
            continue;
          }
          RowGroup rows = block.rowGroup(g);
          for (int row = 0; row < rows.rowCount(); row++) {
            if (range.overlaps(rows.startNanos(row), rows.endNanos(row))) {
              visitor.block(rows, row);
            }
          }
        }
      } catch (RuntimeException e) {
        throw BlockFailures.named(block, e);
      }
    }
  }

  /** Blocks the window cuts through (need rows); blocks wholly inside go to {@code whole}. */
  private static java.util.List<Block> partial(
      Snapshot snapshot, TimeRange range, java.util.List<Block> whole) {
    java.util.List<Block> partial = new java.util.ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.within(range)) {
        whole.add(block);
      } else if (block.overlaps(range)) {
        partial.add(block);
      }
    }
    return partial;
  }

  static SortedSet<String> services(Snapshot snapshot, TimeRange range) {
    SortedSet<String> out = Catalog.newSet();
    java.util.List<Block> whole = new java.util.ArrayList<>();
    java.util.List<Block> partial = partial(snapshot, range, whole);
    whole.forEach(block -> out.addAll(block.services()));
    rowsIn(
        snapshot,
        range,
        partial,
        new RowVisitor() {
          @Override
          public void head(SpanBatch batch, int row) {
            out.add(batch.resource(row).serviceName());
          }

          @Override
          public void block(RowGroup rows, int row) {
            out.add(rows.tables().resource(rows.resourceIndex(row)).serviceName());
          }
        });
    return out;
  }

  static SortedSet<String> operations(Snapshot snapshot, String service, TimeRange range) {
    SortedSet<String> out = Catalog.newSet();
    java.util.List<Block> whole = new java.util.ArrayList<>();
    java.util.List<Block> partial = partial(snapshot, range, whole);
    whole.forEach(block -> out.addAll(block.operations(service)));
    rowsIn(
        snapshot,
        range,
        partial,
        new RowVisitor() {
          @Override
          public void head(SpanBatch batch, int row) {
            if (batch.resource(row).serviceName().equals(service)) {
              out.add(batch.name(row));
            }
          }

          @Override
          public void block(RowGroup rows, int row) {
            Tables tables = rows.tables();
            if (tables.resource(rows.resourceIndex(row)).serviceName().equals(service)) {
              out.add(tables.string(rows.nameIndex(row)));
            }
          }
        });
    return out;
  }

  static SortedSet<String> attributeNames(Snapshot snapshot, TimeRange range) {
    SortedSet<String> out = Catalog.newSet();
    java.util.List<Block> whole = new java.util.ArrayList<>();
    java.util.List<Block> partial = partial(snapshot, range, whole);
    for (Block block : whole) {
      block.spanAttributeKeys().forEach(key -> out.add(Catalog.SPAN_SCOPE + key));
      block.resourceAttributeKeys().forEach(key -> out.add(Catalog.RESOURCE_SCOPE + key));
    }
    rowsIn(
        snapshot,
        range,
        partial,
        new RowVisitor() {
          @Override
          public void head(SpanBatch batch, int row) {
            for (int i = 0; i < batch.attributeCount(row); i++) {
              out.add(Catalog.SPAN_SCOPE + batch.attributeKey(row, i));
            }
            addResourceKeys(batch.resource(row), out);
          }

          @Override
          public void block(RowGroup rows, int row) {
            rows.forEachSpanAttribute(row, (key, value) -> out.add(Catalog.SPAN_SCOPE + key));
            addResourceKeys(rows.tables().resource(rows.resourceIndex(row)), out);
          }
        });
    return out;
  }

  private static void addResourceKeys(Resource resource, SortedSet<String> out) {
    for (String key : resource.attributes().asMap().keySet()) {
      out.add(Catalog.RESOURCE_SCOPE + key);
    }
  }

  static SortedSet<String> attributeValues(
      Snapshot snapshot, Catalog.ScopedName name, String prefix, TimeRange range) {
    SortedSet<String> out = Catalog.newSet();
    java.util.List<Block> overlapping = new java.util.ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.overlaps(range)) {
        overlapping.add(block);
      }
    }
    // Values are not in the summary, so every overlapping block is read.
    rowsIn(
        snapshot,
        range,
        overlapping,
        new RowVisitor() {
          @Override
          public void head(SpanBatch batch, int row) {
            if (name.span()) {
              for (int i = 0; i < batch.attributeCount(row); i++) {
                if (batch.attributeKey(row, i).equals(name.key())) {
                  Catalog.addValue(batch.attributeValue(row, i), prefix, out);
                }
              }
            }
            if (name.resource()) {
              Catalog.addValue(batch.resource(row).attributes().get(name.key()), prefix, out);
            }
          }

          @Override
          public void block(RowGroup rows, int row) {
            if (name.span()) {
              rows.forEachSpanAttribute(
                  row,
                  (key, value) -> {
                    if (key.equals(name.key())) {
                      Catalog.addValue(value, prefix, out);
                    }
                  });
            }
            if (name.resource()) {
              Resource resource = rows.tables().resource(rows.resourceIndex(row));
              Catalog.addValue(resource.attributes().get(name.key()), prefix, out);
            }
          }
        });
    return out;
  }
}
