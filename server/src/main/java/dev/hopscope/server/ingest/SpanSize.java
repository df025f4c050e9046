package dev.hopscope.server.ingest;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.SpanBatch;

/**
 * The size a trace's byte limit counts for one span: its ids and times (48 bytes), its strings as
 * characters and its attribute values, close to the span's OTLP protobuf size without encoding it.
 * The resource is not counted: it is shared by the request's spans and stored once per block.
 */
final class SpanSize {
  private static final int FIXED = 48;
  private static final int PER_ITEM = 4; // tags and lengths of one attribute, event or link

  private SpanSize() {}

  static long of(SpanBatch batch, int row) {
    long size =
        FIXED
            + batch.name(row).length()
            + batch.statusMessage(row).length()
            + batch.traceState(row).length();
    for (int i = 0, n = batch.attributeCount(row); i < n; i++) {
      size += PER_ITEM + batch.attributeKey(row, i).length() + of(batch.attributeValue(row, i));
    }
    for (Event event : batch.events(row)) {
      size += PER_ITEM + 8 + event.name().length() + of(event.attributes());
    }
    for (Link link : batch.links(row)) {
      size += PER_ITEM + 24 + link.traceState().length() + of(link.attributes());
    }
    return size;
  }

  private static long of(Attributes attributes) {
    long[] size = {0};
    attributes.forEach((key, value) -> size[0] += PER_ITEM + key.length() + of(value));
    return size[0];
  }

  private static long of(AttributeValue value) {
    return switch (value) {
      case AttributeValue.EmptyValue empty -> 0;
      case AttributeValue.StringValue text -> text.value().length();
      case AttributeValue.BoolValue bool -> 1;
      case AttributeValue.LongValue number -> 8;
      case AttributeValue.DoubleValue number -> 8;
      case AttributeValue.BytesValue bytes -> bytes.length();
      case AttributeValue.ArrayValue array -> {
        long sum = 0;
        for (AttributeValue item : array.values()) {
          sum += 2 + of(item);
        }
        yield sum;
      }
      case AttributeValue.KeyValueListValue list -> of(list.values());
    };
  }
}
