package dev.hopscope.server.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Optional;

/**
 * Reads the one message of a unary gRPC request as its bytes arrive: a flags byte, a 4-byte
 * big-endian length, then that many bytes (gRPC over HTTP/2, "Length-Prefixed-Message"). The body
 * must hold exactly one such message; anything else is refused with the status grpc-java and
 * grpc-go give the same fault: RESOURCE_EXHAUSTED for a message over the size limit, INTERNAL for
 * every framing fault (a cut-short message, bytes after it, no message at all, unknown flag bits, a
 * compressed message without a {@code grpc-encoding}).
 *
 * <p>A prefix is judged as soon as its five bytes are in, so an oversized or malformed message is
 * refused before its body is read, and the declared length is taken from the in-flight budget
 * before a byte of the body is kept: buffered bytes are always counted. Not thread-safe; a call
 * feeds it from its connection's event loop.
 */
final class UnaryMessageReader {
  static final int PREFIX_BYTES = 5;
  // The largest array a JVM allocates; the gRPC length field itself goes up to 2^32 - 1.
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /** Takes a message's declared bytes from the in-flight budget before any of them is kept. */
  @FunctionalInterface
  interface Budget {
    /** Empty when the bytes were taken; otherwise the answer to give instead. */
    Optional<GrpcRefusal> take(long bytes);
  }

  private final long maxMessageBytes;
  private final boolean encodingDeclared;
  private final Budget budget;
  private final byte[] prefix = new byte[PREFIX_BYTES];
  private int prefixRead;
  private byte[] message = new byte[0];
  private int messageRead;
  private boolean compressed;

  /**
   * @param maxMessageBytes the largest message as sent (limits.maxCompressedBytes)
   * @param encoding the call's {@code grpc-encoding}, {@code identity} when it sent none
   */
  UnaryMessageReader(long maxMessageBytes, String encoding, Budget budget) {
    this.maxMessageBytes = Math.min(maxMessageBytes, MAX_ARRAY_BYTES);
    this.encodingDeclared = !"identity".equals(encoding);
    this.budget = budget;
  }

  /**
   * Takes the next chunk of the request body. Returns the refusal once the bytes so far cannot be a
   * valid request; the caller answers it and reads no further.
   */
  Optional<GrpcRefusal> read(Buffer chunk) {
    int at = 0;
    int length = chunk.length();
    while (at < length) {
      if (prefixRead < PREFIX_BYTES) {
        int n = Math.min(PREFIX_BYTES - prefixRead, length - at);
        chunk.getBytes(at, at + n, prefix, prefixRead);
        prefixRead += n;
        at += n;
        if (prefixRead == PREFIX_BYTES) {
          Optional<GrpcRefusal> refused = startMessage();
          if (refused.isPresent()) {
            return refused;
          }
        }
      } else if (messageRead < message.length) {
        int n = Math.min(message.length - messageRead, length - at);
        chunk.getBytes(at, at + n, message, messageRead);
        messageRead += n;
        at += n;
      } else {
        return Optional.of(
            new GrpcRefusal(
                GrpcStatus.INTERNAL,
                "grpc_trailing_bytes",
                "the request body goes on after its gRPC message: the length prefix announces "
                    + message.length
                    + " bytes and more follow them; an Export call carries exactly one"
                    + " length-prefixed message, so check that the prefix equals the message"
                    + " length and that the call sends one request"));
      }
    }
    return Optional.empty();
  }

  /** At the end of the body: the refusal if it did not hold exactly one whole message. */
  Optional<GrpcRefusal> finish() {
    if (prefixRead == 0) {
      return internal(
          "grpc_missing_message",
          "the Export call carries no gRPC message (its request body is empty); send exactly one"
              + " length-prefixed ExportTraceServiceRequest");
    }
    if (prefixRead < PREFIX_BYTES) {
      return internal(
          "grpc_truncated_message",
          "the request body ends "
              + prefixRead
              + " bytes into the 5-byte gRPC message prefix; send the whole length-prefixed"
              + " message");
    }
    if (messageRead < message.length) {
      return internal(
          "grpc_truncated_message",
          "the gRPC message is cut short: its length prefix announces "
              + message.length
              + " bytes but the request body ends after "
              + messageRead
              + " of them; send the whole message, with a prefix equal to its length");
    }
    return Optional.empty();
  }

  /** The message as sent, once {@link #finish} found it whole. */
  byte[] message() {
    return message;
  }

  /** Whether the message is compressed with the call's {@code grpc-encoding}. */
  boolean compressed() {
    return compressed;
  }

  private Optional<GrpcRefusal> startMessage() {
    int flags = prefix[0] & 0xFF;
    long length =
        (prefix[1] & 0xFFL) << 24
            | (prefix[2] & 0xFFL) << 16
            | (prefix[3] & 0xFFL) << 8
            | (prefix[4] & 0xFFL);
    if ((flags & ~1) != 0) {
      return internal(
          "grpc_invalid_flags",
          String.format(
              "the gRPC message prefix starts with flags byte 0x%02x, but only 0 (uncompressed) and"
                  + " 1 (compressed) exist; the request body is not a length-prefixed gRPC"
                  + " message, send it with a gRPC client library",
              flags));
    }
    compressed = flags == 1;
    if (compressed && !encodingDeclared) {
      return internal(
          "grpc_compressed_without_encoding",
          "the gRPC message is marked compressed (flags byte 1) but the call's grpc-encoding is"
              + " identity or missing; send grpc-encoding: gzip (or deflate, zstd) with a"
              + " compressed message, or send it uncompressed with flags byte 0");
    }
    if (length > maxMessageBytes) {
      return Optional.of(
          new GrpcRefusal(
              GrpcStatus.RESOURCE_EXHAUSTED,
              "body_too_large",
              "the gRPC message is "
                  + length
                  + " bytes, over the limit of "
                  + maxMessageBytes
                  + " bytes (limits.maxCompressedBytes); send smaller batches (lower the"
                  + " exporter's maximum export batch size) or raise the limit"));
    }
    Optional<GrpcRefusal> refused = budget.take(length);
    if (refused.isEmpty()) {
      message = new byte[(int) length];
    }
    return refused;
  }

  private static Optional<GrpcRefusal> internal(String reason, String message) {
    return Optional.of(new GrpcRefusal(GrpcStatus.INTERNAL, reason, message));
  }
}
