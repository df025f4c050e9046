package dev.hopscope.server.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Encodes {@code google.rpc.Status} (optionally with a {@code google.rpc.RetryInfo} detail), the
 * error body OTLP asks for: a handful of fields, so written by hand rather than pulling in the
 * protobuf runtime for it.
 */
final class RpcStatus {
  static final int INVALID_ARGUMENT = 3;
  static final int PERMISSION_DENIED = 7;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;

  private static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

  private RpcStatus() {}

  static byte[] protobuf(int code, String message, @Nullable Duration retryAfter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTag(out, 1, 0);
    writeVarint(out, code);
    writeBytes(out, 2, message.getBytes(StandardCharsets.UTF_8));
    if (retryAfter != null) {
      ByteArrayOutputStream duration = new ByteArrayOutputStream();
      writeTag(duration, 1, 0);
      writeVarint(duration, retryAfter.toSeconds());
      ByteArrayOutputStream retryInfo = new ByteArrayOutputStream();
      writeBytes(retryInfo, 1, duration.toByteArray());
      ByteArrayOutputStream any = new ByteArrayOutputStream();
      writeBytes(any, 1, RETRY_INFO_TYPE.getBytes(StandardCharsets.US_ASCII));
      writeBytes(any, 2, retryInfo.toByteArray());
      writeBytes(out, 3, any.toByteArray());
    }
    return out.toByteArray();
  }

  /**
   * The same status as OTLP/HTTP's JSON encoding; Vert.x's JSON (Jackson) writes it, escapes
   * included, rather than a hand-written escaper.
   */
  static String json(int code, String message, @Nullable Duration retryAfter) {
    JsonObject status = new JsonObject().put("code", code).put("message", message);
    if (retryAfter != null) {
      status.put(
          "details",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("@type", RETRY_INFO_TYPE)
                      .put("retryDelay", retryAfter.toSeconds() + "s")));
    }
    return status.encode();
  }

  private static void writeTag(ByteArrayOutputStream out, int field, int wireType) {
    writeVarint(out, ((long) field << 3) | wireType);
  }

  private static void writeBytes(ByteArrayOutputStream out, int field, byte[] bytes) {
    writeTag(out, field, 2);
    writeVarint(out, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
