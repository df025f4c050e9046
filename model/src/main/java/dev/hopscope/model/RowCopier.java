package dev.hopscope.model;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Copies rows of other batches into one builder. Each source batch's resource, scope and string
 * indexes are mapped to the builder's once per source batch, not by hashing a resource's attributes
 * or interning a string for every row: those lookups were the largest cost of a block cut.
 */
final class RowCopier {
  private final SpanBatch.Builder into;
  // The batch the maps below are for; none until the first copy.
  private @Nullable SpanBatch source;
  private int[] resources = new int[0];
  private int[] scopes = new int[0];
  private int[] strings = new int[0];

  RowCopier(SpanBatch.Builder into) {
    this.into = into;
  }

  void copy(SpanBatch batch, int row) {
    if (batch != source) {
      source = batch;
      resources = unmapped(batch.resources.length);
      scopes = unmapped(batch.scopes.length);
      strings = unmapped(batch.strings.length);
    }
    RowColumns from = batch.rows;
    into.beginSpan(resource(batch, from.resource[row]), scope(batch, from.scope[row]))
        .traceId(batch.traceIdHigh(row), batch.traceIdLow(row))
        .spanId(batch.spanId(row))
        .parentSpanId(batch.parentSpanId(row))
        .kind(batch.kind(row))
        .startNanos(batch.startNanos(row))
        .endNanos(batch.endNanos(row))
        .flags(batch.flags(row))
        .droppedCounts(
            batch.droppedAttributesCount(row),
            batch.droppedEventsCount(row),
            batch.droppedLinksCount(row));
    RowColumns to = into.rows;
    int at = into.size;
    to.name[at] = string(batch, from.name[row]);
    to.traceState[at] = string(batch, from.traceState[row]);
    to.statusCode[at] = from.statusCode[row];
    to.statusMessage[at] = string(batch, from.statusMessage[row]);
    for (int i = from.attributeOffsets[row]; i < from.attributeOffsets[row + 1]; i++) {
      into.appendAttribute(string(batch, batch.attributeKeys[i]), batch.attributeValues[i]);
    }
    for (int i = from.eventOffsets[row]; i < from.eventOffsets[row + 1]; i++) {
      into.event(batch.events[i]);
    }
    for (int i = from.linkOffsets[row]; i < from.linkOffsets[row + 1]; i++) {
      into.link(batch.links[i]);
    }
    into.commitSpan();
  }

  private int resource(SpanBatch batch, int index) {
    if (resources[index] < 0) {
      resources[index] = into.resourceIndex(batch.resources[index]);
    }
    return resources[index];
  }

  private int scope(SpanBatch batch, int index) {
    if (scopes[index] < 0) {
      scopes[index] = into.scopeIndex(batch.scopes[index]);
    }
    return scopes[index];
  }

  private int string(SpanBatch batch, int index) {
    if (strings[index] < 0) {
      strings[index] = into.strings.indexOf(batch.strings[index]);
    }
    return strings[index];
  }

  private static int[] unmapped(int length) {
    int[] indexes = new int[length];
    Arrays.fill(indexes, -1);
    return indexes;
  }
}
