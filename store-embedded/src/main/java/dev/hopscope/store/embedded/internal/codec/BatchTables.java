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
  private final SpanBatch batch;
  private final Tables tables;
  private final int[] strings;
  private final int[] resources;
  private final int[] scopes;
  // By attribute slot: the dictionary index of a string value, NOT_STRING, or 0 (not looked up).
  private int @Nullable [] valueStrings;
  private static final int NOT_STRING = -1;

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
   * string, else -1. Remembered per attribute: a cut asks once for the row group's bloom and once
   * to encode the value.
   */
  public int valueString(int row, int index) {
    int[] known = valueStrings;
    if (known == null) {
      known = new int[batch.attributeSlotCount()];
      valueStrings = known;
    }
    int slot = batch.attributeSlot(row, index);
    int found = known[slot];
    if (found == 0) {
      found =
          batch.attributeValue(row, index) instanceof AttributeValue.StringValue text
              ? tables.string(text.value()) + 1
              : NOT_STRING;
      known[slot] = found;
    }
    return found == NOT_STRING ? -1 : found - 1;
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
