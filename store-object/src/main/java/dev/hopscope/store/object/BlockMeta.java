package dev.hopscope.store.object;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hopscope.store.TimeRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code meta.json} says about a block. Readers prune by it (time, partition) and fetch the
 * block's tail with one ranged GET from {@code tailOffset}; {@code fileCrc32c} must match the
 * block's own trailer, so a data object replaced under the same id is noticed, not misread.
 *
 * @param partition the Kafka partition the spans came from; -1 when written without Kafka
 * @param firstOffset first Kafka offset in the block, -1 without Kafka
 * @param lastOffset last Kafka offset in the block, -1 without Kafka
 * @param minStartNanos earliest span start in the block
 * @param maxEndNanos latest span end in the block
 * @param bytes size of the data object
 * @param tailOffset where the block's tables chunk, footer and trailer start
 * @param replaces ids of the blocks this one was merged from (a compactor's output): readers hide
 *     those while this meta exists, so the switch from inputs to output is one listing. Empty for a
 *     block cut from Kafka records. Written only when non-empty, so older readers parse it too
 *     (they show both, and drop the exact duplicate spans on read).
 */
public record BlockMeta(
    String id,
    String tenant,
    int partition,
    long firstOffset,
    long lastOffset,
    long minStartNanos,
    long maxEndNanos,
    long spans,
    long bytes,
    int blockFormatVersion,
    long tailOffset,
    int fileCrc32c,
    Instant createdAt,
    List<String> replaces) {

  /** The version of this JSON document (not of the block format). */
  static final int META_VERSION = 1;

  private static final JsonFactory JSON = new JsonFactory();

  /** A block that replaces none (cut from Kafka records or written in-process). */
  public BlockMeta(
      String id,
      String tenant,
      int partition,
      long firstOffset,
      long lastOffset,
      long minStartNanos,
      long maxEndNanos,
      long spans,
      long bytes,
      int blockFormatVersion,
      long tailOffset,
      int fileCrc32c,
      Instant createdAt) {
    this(
        id,
        tenant,
        partition,
        firstOffset,
        lastOffset,
        minStartNanos,
        maxEndNanos,
        spans,
        bytes,
        blockFormatVersion,
        tailOffset,
        fileCrc32c,
        createdAt,
        List.of());
  }

  public BlockMeta {
    BlockKeys.requireValidId(id);
    replaces = List.copyOf(replaces);
    for (String replaced : replaces) {
      BlockKeys.requireValidId(replaced);
      if (replaced.equals(id)) {
        throw new IllegalArgumentException("block " + id + " cannot replace itself");
      }
    }
    BlockKeys.blocksPrefix(tenant);
    if (bytes <= 0 || tailOffset <= 0 || tailOffset >= bytes) {
      throw new IllegalArgumentException(
          "block "
              + id
              + ": tail offset "
              + tailOffset
              + " must lie inside its "
              + bytes
              + " bytes");
    }
    if (maxEndNanos < minStartNanos) {
      throw new IllegalArgumentException(
          "block " + id + ": max end " + maxEndNanos + " is before min start " + minStartNanos);
    }
  }

  /** True when a span of the block may overlap the window. */
  public boolean overlaps(TimeRange range) {
    return range.overlaps(minStartNanos, maxEndNanos);
  }

  /** Size of the tail (tables, footer, trailer): what one ranged GET fetches. */
  public int tailLength() {
    return (int) (bytes - tailOffset);
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeNumberField("metaVersion", META_VERSION);
      json.writeStringField("id", id);
      json.writeStringField("tenant", tenant);
      json.writeNumberField("partition", partition);
      json.writeNumberField("firstOffset", firstOffset);
      json.writeNumberField("lastOffset", lastOffset);
      json.writeNumberField("minStartNanos", minStartNanos);
      json.writeNumberField("maxEndNanos", maxEndNanos);
      json.writeNumberField("spans", spans);
      json.writeNumberField("bytes", bytes);
      json.writeNumberField("blockFormatVersion", blockFormatVersion);
      json.writeNumberField("tailOffset", tailOffset);
      json.writeStringField("fileCrc32c", String.format("%08x", fileCrc32c));
      json.writeStringField("createdAt", createdAt.toString());
      if (!replaces.isEmpty()) {
        json.writeArrayFieldStart("replaces");
        for (String replaced : replaces) {
          json.writeString(replaced);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses a meta object. Unknown fields are ignored (a newer writer may add some); a missing or
   * malformed field is an {@link IllegalArgumentException} naming it.
   */
  public static BlockMeta fromJson(byte[] bytes) {
    Map<String, Object> fields = new HashMap<>();
    try (JsonParser json = JSON.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("meta.json is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        switch (value) {
          case VALUE_NUMBER_INT -> fields.put(name, json.getLongValue());
          case VALUE_STRING -> fields.put(name, json.getText());
          case START_ARRAY -> {
            if (name.equals("replaces")) {
              fields.put(name, strings(json, name));
            } else {
              json.skipChildren();
            }
          }
          default -> json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("meta.json does not parse: " + e.getMessage(), e);
    }
    long metaVersion = number(fields, "metaVersion");
    if (metaVersion != META_VERSION) {
      throw new IllegalArgumentException(
          "meta.json version " + metaVersion + "; this build reads version " + META_VERSION);
    }
    try {
      return new BlockMeta(
          text(fields, "id"),
          text(fields, "tenant"),
          Math.toIntExact(number(fields, "partition")),
          number(fields, "firstOffset"),
          number(fields, "lastOffset"),
          number(fields, "minStartNanos"),
          number(fields, "maxEndNanos"),
          number(fields, "spans"),
          number(fields, "bytes"),
          Math.toIntExact(number(fields, "blockFormatVersion")),
          number(fields, "tailOffset"),
          Integer.parseUnsignedInt(text(fields, "fileCrc32c"), 16),
          Instant.parse(text(fields, "createdAt")),
          replaces(fields));
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("meta.json has a malformed field: " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonParser json, String name) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonToken token = json.nextToken();
        token != JsonToken.END_ARRAY;
        token = json.nextToken()) {
      if (token != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException(
            "meta.json field \"" + name + "\" must be an array of strings");
      }
      out.add(json.getText());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> replaces(Map<String, Object> fields) {
    Object value = fields.get("replaces");
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return (List<String>) list;
    }
    throw new IllegalArgumentException("meta.json field \"replaces\" must be an array of strings");
  }

  private static long number(Map<String, Object> fields, String name) {
    if (fields.get(name) instanceof Long value) {
      return value;
    }
    throw new IllegalArgumentException("meta.json lacks the integer field \"" + name + "\"");
  }

  private static String text(Map<String, Object> fields, String name) {
    if (fields.get(name) instanceof String value) {
      return value;
    }
    throw new IllegalArgumentException("meta.json lacks the string field \"" + name + "\"");
  }
}
