package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.red.RedMetrics;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * A block's service graph and RED metrics as a store keeps them: the RED metrics per service,
 * operation and minute, then the graph of the whole block, then one graph per minute. A window that
 * holds all of a block's minutes (most blocks of a one-hour map) reads the whole graph, one decode;
 * a block the window cuts reads only the minutes inside. Every part is length-prefixed, so what a
 * read does not need is skipped without decoding.
 *
 * <pre>
 * int "HSGD", byte version 1, long first minute, long last minute (epoch nanos; 0 and -1 when empty)
 * int length, RED metrics ({@link RedMetrics#toBytes})
 * int length, whole graph ({@link ServiceGraph#toBytes})
 * int minutes, then per minute: long minute start, int length, graph
 * </pre>
 */
public final class GraphDigest {
  private static final int MAGIC = 0x48534744; // "HSGD"
  private static final byte VERSION = 1;

  private GraphDigest() {}

  public static byte[] encode(ServiceGraphTimeline timeline, RedMetrics red) {
    Map<Long, ServiceGraph> minutes = timeline.minutes();
    byte[] redBytes = red.toBytes();
    ServiceGraph all = ServiceGraph.create();
    minutes.values().forEach(all::merge);
    byte[] whole = all.toBytes();
    byte[][] each = new byte[minutes.size()][];
    int size = 4 + 1 + 8 + 8 + 4 + redBytes.length + 4 + whole.length + 4;
    int i = 0;
    for (ServiceGraph graph : minutes.values()) {
      each[i] = graph.toBytes();
      size += 8 + 4 + each[i].length;
      i++;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(MAGIC).put(VERSION);
    out.putLong(minutes.isEmpty() ? 0 : timeline.minutes().firstKey());
    out.putLong(minutes.isEmpty() ? -1 : timeline.minutes().lastKey());
    out.putInt(redBytes.length).put(redBytes);
    out.putInt(whole.length).put(whole);
    out.putInt(each.length);
    i = 0;
    for (long minute : minutes.keySet()) {
      out.putLong(minute).putInt(each[i].length).put(each[i]);
      i++;
    }
    return out.array();
  }

  /**
   * Merges into {@code graph} what {@code digest} holds of the minutes that start in {@code
   * [ServiceGraphTimeline.minuteOf(startNanos), endNanos)}: the window at minute granularity, as
   * {@link ServiceGraphTimeline#range} reads it.
   *
   * @throws IllegalArgumentException when the bytes are not a digest
   */
  public static void mergeInto(ServiceGraph graph, byte[] digest, long startNanos, long endNanos) {
    try {
      ByteBuffer in = ByteBuffer.wrap(digest);
      if (in.getInt() != MAGIC || in.get() != VERSION) {
        throw new IllegalArgumentException(
            "a service graph digest must start with HSGD and version " + VERSION);
      }
      long first = in.getLong();
      long last = in.getLong();
      long from = ServiceGraphTimeline.minuteOf(startNanos);
      int redLength = in.getInt();
      in.position(in.position() + redLength);
      int wholeLength = in.getInt();
      if (first > last || last < from || first >= endNanos) {
        return;
      }
      if (first >= from && last < endNanos) {
        graph.merge(ServiceGraph.fromBytes(slice(in, wholeLength)));
        return;
      }
      in.position(in.position() + wholeLength);
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        long minute = in.getLong();
        int length = in.getInt();
        if (minute >= from && minute < endNanos) {
          graph.merge(ServiceGraph.fromBytes(slice(in, length)));
        } else {
          in.position(in.position() + length);
        }
      }
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "service graph digest is truncated or corrupt: " + e.getMessage(), e);
    }
  }

  /**
   * Adds the RED metrics {@code digest} holds of {@code service} to {@code red}, every minute of
   * them: {@link RedMetrics#series} picks the window.
   *
   * @throws IllegalArgumentException when the bytes are not a digest
   */
  public static void mergeRedInto(RedMetrics red, byte[] digest, String service) {
    try {
      ByteBuffer in = ByteBuffer.wrap(digest);
      if (in.getInt() != MAGIC || in.get() != VERSION) {
        throw new IllegalArgumentException(
            "a service graph digest must start with HSGD and version " + VERSION);
      }
      in.position(in.position() + 16);
      int redLength = in.getInt();
      red.mergeService(slice(in, redLength), service);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "service graph digest is truncated or corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] slice(ByteBuffer in, int length) {
    int at = in.position();
    in.position(at + length);
    return Arrays.copyOfRange(in.array(), at, at + length);
  }
}
