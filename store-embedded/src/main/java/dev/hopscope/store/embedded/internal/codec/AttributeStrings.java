package dev.hopscope.store.embedded.internal.codec;

/**
 * A row group's span attributes with values as dictionary indexes ({@link
 * AttributeCodec#SKIPPED_ARRAY} for arrays, {@link AttributeCodec#SKIPPED_OTHER} for the rest),
 * parsed from the front only as far as a check needs: a selective search finds its rows early in
 * the value column's bytes and stops there. Row {@code r}'s attributes are {@code [offsets[r],
 * offsets[r + 1])}; each parsed row's start in both columns is kept for materialising.
 */
final class AttributeStrings {
  final int[] offsets;
  final int[] keys;
  final int[] values;
  private final int[] keyStarts;
  private final int[] valueStarts;
  private final ByteSource keyIn;
  private final ByteSource valueIn;
  private int parsedRows;

  AttributeStrings(int[] offsets, ByteSource keyIn, ByteSource valueIn, int rowCount) {
    this.offsets = offsets;
    this.keys = new int[offsets[rowCount]];
    this.values = new int[offsets[rowCount]];
    this.keyStarts = new int[rowCount];
    this.valueStarts = new int[rowCount];
    this.keyIn = keyIn;
    this.valueIn = valueIn;
  }

  /** Parses rows until the first {@code rows} are. */
  void parseTo(int rows) {
    while (parsedRows < rows) {
      parseRow();
    }
  }

  /**
   * The row whose values hold the byte at {@code position} of the value column, parsing up to it.
   */
  int rowHoldingValueByte(int position) {
    while (valueIn.position() <= position) {
      if (parsedRows == valueStarts.length) {
        throw new MalformedDataException(
            "value column offset "
                + position
                + " beyond the rows' "
                + valueIn.position()
                + " bytes");
      }
      parseRow();
    }
    // The last parsed row whose values start at or before the position.
    int low = 0;
    int high = parsedRows - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (valueStarts[middle] <= position) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  private void parseRow() {
    int row = parsedRows;
    keyStarts[row] = keyIn.position();
    valueStarts[row] = valueIn.position();
    for (int i = offsets[row], end = offsets[row + 1]; i < end; i++) {
      keys[i] = keyIn.readVarInt();
      values[i] = AttributeCodec.skipValue(valueIn);
    }
    parsedRows = row + 1;
  }

  /** Where each parsed row's attributes start. */
  RowGroup.AttributeStarts starts() {
    return new RowGroup.AttributeStarts(keyStarts, valueStarts, parsedRows);
  }
}
