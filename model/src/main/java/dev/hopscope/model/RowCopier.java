package dev.hopscope.model;

import java.util.Arrays;

/**
 * Copies rows of other batches into one builder. Each source batch's resource, scope and string
 * indexes are mapped to the builder's once per source batch, not by hashing a resource's attributes
 * or interning a string for every row: those lookups were the largest cost of a block cut.
 */
final class RowCopier {
  private final SpanBatch.Builder into;
  private SpanBatch source;
  private int[] resources;
  private int[] scopes;
  private int[] strings;

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
    into.beginSpan(resource(from.resource[row]), scope(from.scope[row]))
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
    to.name[at] = string(from.name[row]);
    to.traceState[at] = string(from.traceState[row]);
    to.statusCode[at] = from.statusCode[row];
    to.statusMessage[at] = string(from.statusMessage[row]);
    for (int i = from.attributeOffsets[row]; i < from.attributeOffsets[row + 1]; i++) {
      into.appendAttribute(string(batch.attributeKeys[i]), batch.attributeValues[i]);
    }
    for (int i = from.eventOffsets[row]; i < from.eventOffsets[row + 1]; i++) {
      into.event(batch.events[i]);
    }
    for (int i = from.linkOffsets[row]; i < from.linkOffsets[row + 1]; i++) {
      into.link(batch.links[i]);
    }
    into.commitSpan();
  }

  private int resource(int index) {
    if (resources[index] < 0) {
      resources[index] = into.resourceIndex(source.resources[index]);
    }
    return resources[index];
  }

  private int scope(int index) {
    if (scopes[index] < 0) {
      scopes[index] = into.scopeIndex(source.scopes[index]);
    }
    return scopes[index];
  }

  private int string(int index) {
    if (strings[index] < 0) {
      strings[index] = into.strings.indexOf(source.strings[index]);
    }
    return strings[index];
  }

  private static int[] unmapped(int length) {
    int[] indexes = new int[length];
    Arrays.fill(indexes, -1);
    return indexes;
  }
}
