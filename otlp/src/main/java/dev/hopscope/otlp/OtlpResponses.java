package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The OTLP {@code ExportTraceServiceResponse} for a decode result. {@code partial_success} is set
 * only when spans were rejected: the specification says an empty response means full success.
 */
public final class OtlpResponses {
  private static final byte[] EMPTY = new byte[0];

  private OtlpResponses() {}

  /**
   * The protobuf response: empty bytes, or {@code partial_success{rejected_spans, error_message}}.
   */
  public static byte[] protobuf(DecodeResult result) {
    if (!result.hasRejections()) {
      return EMPTY;
    }
    ProtoWriter partial = new ProtoWriter();
    partial.varintField(1, result.rejectedSpans());
    partial.stringField(2, result.errorMessage());
    ProtoWriter response = new ProtoWriter();
    response.messageField(1, partial);
    return response.toByteArray();
  }

  /** The OTLP JSON response: {@code {}} or {@code {"partialSuccess":{...}}}. */
  public static String json(DecodeResult result) {
    if (!result.hasRejections()) {
      return "{}";
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JsonReader.FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("partialSuccess");
      // int64 is a string in protobuf's JSON mapping.
      json.writeStringField("rejectedSpans", Integer.toString(result.rejectedSpans()));
      json.writeStringField("errorMessage", result.errorMessage());
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
