package dev.hopscope.model.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes as a big-endian long and back, the order of ids on the wire (OTLP bytes, hex order).
 * One place for the model's ids and the decoders and encoders that read ids straight from a request
 * body: a static final {@link VarHandle} reads the eight bytes at once, and the JIT inlines it
 * through this call as it did through a copy in each caller.
 */
public final class BigEndian {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private BigEndian() {}

  /**
   * The long in {@code bytes[offset, offset + 8)}.
   *
   * @throws IndexOutOfBoundsException when fewer than eight bytes follow {@code offset}
   */
  public static long readLong(byte[] bytes, int offset) {
    return (long) LONG.get(bytes, offset);
  }

  /**
   * Writes {@code value} into {@code bytes[offset, offset + 8)}.
   *
   * @throws IndexOutOfBoundsException when fewer than eight bytes follow {@code offset}
   */
  public static void writeLong(long value, byte[] bytes, int offset) {
    LONG.set(bytes, offset, value);
  }
}
