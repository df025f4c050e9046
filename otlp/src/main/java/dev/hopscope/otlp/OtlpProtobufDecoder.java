package dev.hopscope.otlp;

import java.util.Objects;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} (protobuf) straight into a columnar batch,
 * without protobuf-java: the hot path of ingest allocates no per-field message objects. Invalid
 * spans are dropped and counted (OTLP partial success); a body that is not protobuf at all, or
 * breaks a request-wide limit, throws {@link MalformedRequestException}. Thread-safe: no state.
 */
public final class OtlpProtobufDecoder {
  private OtlpProtobufDecoder() {}

  /**
   * @param body the request body, already decompressed
   * @throws MalformedRequestException if the body is not a valid request or exceeds a request-wide
   *     limit
   */
  public static DecodeResult decode(byte[] body, IngestLimits limits) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(limits, "limits");
    Decompression.checkDecompressedSize(body.length, limits.maxDecompressedBytes());
    return new ProtobufTraceReader(body, limits).read();
  }
}
