package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.SpanBatch;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One batch's dictionary, resource and scope indexes mapped to a block's {@link Tables}, each
 * looked up the first time a row needs it: a batch repeats a few names, keys and resources over
 * hundreds of rows.
 */
public final class BatchTables {
  private static final int NOT_STRING = -1;
  private final SpanBatch batch;
  private final Tables tables;
  private final int[] strings;
  private final int[] resources;
  private final int[] scopes;
  // By attribute slot: the position of a string value among the batch's distinct string values,
  // or NOT_STRING; null until a row asks.
  private int @Nullable [] valuePositions;
  private final StringIndex values = new StringIndex();
  // By position in values: the block's dictionary index, or -1 until a row needs it.
  private int[] valueIndexes = new int[0];

  BatchTables(SpanBatch batch, Tables tables) {
    this.batch = batch;
    this.tables = tables;
    this.strings = unmapped(batch.stringCount());
    this.resources = unmapped(batch.resourceCount());
    this.scopes = unmapped(batch.scopeCount());
  }

  /** The block's index of the batch's string {@code batchIndex}. */
  public int string(int batchIndex) {
    int index = strings[batchIndex];
    if (index < 0) {
      index = tables.string(batch.string(batchIndex));
      strings[batchIndex] = index;
    }
    return index;
  }

  /**
   * The block's dictionary index of attribute {@code index} of row {@code row} when its value is a
   * string, else -1.
   *
   * <p>The first call reads every attribute value of the batch, in the batch's order, into the
   * batch's own table of distinct strings; after that a row's value is two array reads, and the
   * block's dictionary is asked once per distinct value, not once per row. A cut takes rows in
   * trace order across a few hundred batches: following each row's value objects there, then
   * probing a dictionary of tens of thousands of strings with each, was a fifth of the cut, nearly
   * all of it waiting on memory. Only the values of rows written reach the block's dictionary.
   */
  public int valueString(int row, int index) {
    int[] positions = valuePositions;
    if (positions == null) {
      positions = readValues();
      valuePositions = positions;
    }
    int position = positions[batch.attributeSlot(row, index)];
    if (position == NOT_STRING) {
      return -1;
    }
    int found = valueIndexes[position];
    if (found < 0) {
      found = tables.string(values.value(position));
      valueIndexes[position] = found;
    }
    return found;
  }

  private int[] readValues() {
    int[] positions = new int[batch.attributeSlotCount()];
    for (int row = 0; row < batch.size(); row++) {
      int count = batch.attributeCount(row);
      for (int index = 0; index < count; index++) {
        int position = NOT_STRING;
        if (batch.attributeValue(row, index) instanceof AttributeValue.StringValue text) {
          position = values.putIfAbsent(text.value());
          position = position < 0 ? -1 - position : position;
        }
        positions[batch.attributeSlot(row, index)] = position;
      }
    }
    valueIndexes = unmapped(values.size());
    return positions;
  }

  /** The block's index of row {@code row}'s resource. */
  public int resource(int row) {
    int batchIndex = batch.resourceIndex(row);
    int index = resources[batchIndex];
    if (index < 0) {
      index = tables.resource(batch.resource(row));
      resources[batchIndex] = index;
    }
    return index;
  }

  /** The block's index of row {@code row}'s scope. */
  public int scope(int row) {
    int batchIndex = batch.scopeIndex(row);
    int index = scopes[batchIndex];
    if (index < 0) {
      index = tables.scope(batch.scope(row));
      scopes[batchIndex] = index;
    }
    return index;
  }

  private static int[] unmapped(int length) {
    int[] indexes = new int[length];
    Arrays.fill(indexes, -1);
    return indexes;
  }
}
