package dev.hopscope.analysis.red;

import dev.hopscope.analysis.sketch.LatencySketch;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rate, errors and duration per (service, operation) per minute, mergeable. An operation is the
 * name of a span that starts work in a service: a SERVER or CONSUMER span, or a root span. Client
 * and internal spans are left out because they describe the caller's view or a part of a request,
 * and would count one request several times. Not thread-safe: one writer, or merge copies.
 */
public final class RedMetrics {
  public static final long MINUTE_NANOS = 60_000_000_000L;

  private static final byte FORMAT_VERSION = 1;

  private final Map<String, Map<String, NavigableMap<Long, Cell>>> byService = new TreeMap<>();

  // The same cells by a hashed key: a block writer adds every inbound span, and walking three
  // sorted maps by string comparison per span was most of the cost.
  private final Map<CellKey, Cell> byKey = new HashMap<>();

  private record CellKey(String service, String operation, long minute) {}

  private RedMetrics() {}

  public static RedMetrics create() {
    return new RedMetrics();
  }

  /** Counts {@code span} if it starts work in its service; spans arrive in any order. */
  public void add(Span span) {
    Objects.requireNonNull(span, "span");
    if (!span.kind().isInbound() && !span.isRoot()) {
      return;
    }
    cell(span.serviceName(), span.name(), Math.floorDiv(span.startNanos(), MINUTE_NANOS))
        .add(span.durationNanos(), span.status().isError());
  }

  public void add(Trace trace) {
    trace.spans().forEach(this::add);
  }

  private Cell cell(String service, String operation, long minute) {
    CellKey key = new CellKey(service, operation, minute);
    Cell cell = byKey.get(key);
    if (cell == null) {
      cell = sortedCell(service, operation, minute);
      byKey.put(key, cell);
    }
    return cell;
  }

  private Cell sortedCell(String service, String operation, long minute) {
    return byService
        .computeIfAbsent(service, s -> new TreeMap<>())
        .computeIfAbsent(operation, o -> new TreeMap<>())
        .computeIfAbsent(minute, m -> new Cell());
  }

  public void merge(RedMetrics other) {
    other.byService.forEach(
        (service, operations) ->
            operations.forEach(
                (operation, minutes) ->
                    minutes.forEach(
                        (minute, cell) -> cell(service, operation, minute).merge(cell))));
  }

  public List<String> services() {
    return List.copyOf(byService.keySet());
  }

  public List<String> operations(String service) {
    Map<String, NavigableMap<Long, Cell>> operations = byService.get(service);
    return operations == null ? List.of() : List.copyOf(operations.keySet());
  }

  /**
   * A series over [startNanos, endNanos) in steps of {@code stepNanos}, which must be a whole
   * number of minutes. An empty {@code operation} means all operations of the service. Steps with
   * no requests are included with zero counts so that charts show the silence.
   */
  public List<RedPoint> series(
      String service, String operation, long startNanos, long endNanos, long stepNanos) {
    if (stepNanos <= 0 || stepNanos % MINUTE_NANOS != 0) {
      throw new IllegalArgumentException(
          "step must be a positive whole number of minutes, got " + stepNanos + " ns");
    }
    if (endNanos < startNanos) {
      throw new IllegalArgumentException(
          "end " + endNanos + " must not be before start " + startNanos);
    }
    long first = Math.floorDiv(startNanos, stepNanos) * stepNanos;
    int steps = (int) Math.min(100_000, Math.ceilDiv(endNanos - first, stepNanos));
    List<Cell> merged = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      merged.add(new Cell());
    }
    Map<String, NavigableMap<Long, Cell>> operations = byService.getOrDefault(service, Map.of());
    for (String name :
        operation.isEmpty() ? operations.keySet() : new TreeSet<>(List.of(operation))) {
      NavigableMap<Long, Cell> minutes = operations.get(name);
      if (minutes == null) {
        continue;
      }
      long fromMinute = Math.floorDiv(first, MINUTE_NANOS);
      long toMinute = Math.floorDiv(first + steps * stepNanos, MINUTE_NANOS);
      minutes
          .subMap(fromMinute, true, toMinute, false)
          .forEach(
              (minute, cell) ->
                  merged.get((int) ((minute * MINUTE_NANOS - first) / stepNanos)).merge(cell));
    }
    List<RedPoint> out = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      Cell cell = merged.get(i);
      out.add(
          new RedPoint(
              first + i * stepNanos,
              cell.count,
              cell.errors,
              cell.count / (stepNanos / 1e9),
              cell.count == 0 ? 0 : (double) cell.errors / cell.count,
              cell.duration.percentiles()));
    }
    return out;
  }

  /** Drops minutes before {@code epochNanos}'s minute. */
  public void evictBefore(long epochNanos) {
    long minute = Math.floorDiv(epochNanos, MINUTE_NANOS);
    byService.values().forEach(ops -> ops.values().forEach(m -> m.headMap(minute, false).clear()));
    byKey.keySet().removeIf(key -> key.minute() < minute);
  }

  /**
   * A versioned binary form, one length-prefixed part per service so that a reader of one service
   * skips the others unread: int service count, then per service its name (UTF), int length, and
   * that many bytes: int operations, per operation its name and int minutes, per minute the minute
   * index, count, errors and the duration sketch ({@link LatencySketch#toBytes}).
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeInt(byService.size());
      for (Map.Entry<String, Map<String, NavigableMap<Long, Cell>>> service :
          byService.entrySet()) {
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        try (DataOutputStream partOut = new DataOutputStream(part)) {
          partOut.writeInt(service.getValue().size());
          for (Map.Entry<String, NavigableMap<Long, Cell>> operation :
              service.getValue().entrySet()) {
            partOut.writeUTF(operation.getKey());
            partOut.writeInt(operation.getValue().size());
            for (Map.Entry<Long, Cell> minute : operation.getValue().entrySet()) {
              Cell cell = minute.getValue();
              partOut.writeLong(minute.getKey());
              partOut.writeLong(cell.count);
              partOut.writeLong(cell.errors);
              byte[] sketch = cell.duration.toBytes();
              partOut.writeInt(sketch.length);
              partOut.write(sketch);
            }
          }
        }
        out.writeUTF(service.getKey());
        out.writeInt(part.size());
        part.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Adds what {@code bytes} ({@link #toBytes}) hold of {@code service} to this; the other services
   * are skipped unread.
   *
   * @throws IllegalArgumentException when the bytes are not RED metrics
   */
  public void mergeService(byte[] bytes, String service) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "RED metrics bytes must start with version " + FORMAT_VERSION + ", not " + version);
      }
      int services = in.readInt();
      for (int s = 0; s < services; s++) {
        String name = in.readUTF();
        int length = in.readInt();
        if (!name.equals(service)) {
          in.skipNBytes(length);
          continue;
        }
        int operations = in.readInt();
        for (int o = 0; o < operations; o++) {
          String operation = in.readUTF();
          int minutes = in.readInt();
          for (int m = 0; m < minutes; m++) {
            Cell cell = cell(service, operation, in.readLong());
            cell.count += in.readLong();
            cell.errors += in.readLong();
            byte[] sketch = new byte[in.readInt()];
            in.readFully(sketch);
            cell.duration.merge(LatencySketch.fromBytes(sketch));
          }
        }
      }
    } catch (IOException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("RED metrics bytes are truncated or corrupt", e);
    }
  }

  private static final class Cell {
    long count;
    long errors;
    final LatencySketch duration = LatencySketch.create();

    void add(long durationNanos, boolean error) {
      count++;
      if (error) {
        errors++;
      }
      duration.record(durationNanos);
    }

    void merge(Cell other) {
      count += other.count;
      errors += other.errors;
      duration.merge(other.duration);
    }
  }
}
