package dev.hopscope.server.ingest;

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

  static String json(int code, String message, @Nullable Duration retryAfter) {
    StringBuilder out = new StringBuilder("{\"code\":").append(code).append(",\"message\":");
    quote(out, message);
    if (retryAfter != null) {
      out.append(",\"details\":[{\"@type\":\"")
          .append(RETRY_INFO_TYPE)
          .append("\",\"retryDelay\":\"")
          .append(retryAfter.toSeconds())
          .append("s\"}]");
    }
    return out.append('}').toString();
  }

  static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
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
