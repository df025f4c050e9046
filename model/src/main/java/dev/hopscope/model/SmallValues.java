package dev.hopscope.model;

/**
 * Shared attribute values for booleans and small integers. The head holds every recent span's
 * attribute values, and a young collection copies each live one: under load, hundreds of thousands
 * of equal {@code true}s and {@code 200}s were a large part of what it copied. Values are records,
 * so a shared instance is indistinguishable from a fresh one.
 */
final class SmallValues {
  private static final AttributeValue.BoolValue TRUE = new AttributeValue.BoolValue(true);
  private static final AttributeValue.BoolValue FALSE = new AttributeValue.BoolValue(false);

  /** HTTP status codes, ports, sizes and counts mostly fall in here. */
  private static final long LOW = -128;

  private static final long HIGH = 65_535;

  // Filled as values are first seen. A race only makes two equal instances; a record's fields are
  // final, so whichever one a thread reads is fully built.
  private static final AttributeValue.LongValue[] LONGS =
      new AttributeValue.LongValue[(int) (HIGH - LOW + 1)];

  private SmallValues() {}

  static AttributeValue.BoolValue of(boolean value) {
    return value ? TRUE : FALSE;
  }

  static AttributeValue.LongValue of(long value) {
    if (value < LOW || value > HIGH) {
      return new AttributeValue.LongValue(value);
    }
    int index = (int) (value - LOW);
    AttributeValue.LongValue cached = LONGS[index];
    if (cached == null) {
      cached = new AttributeValue.LongValue(value);
      LONGS[index] = cached;
    }
    return cached;
  }
}
