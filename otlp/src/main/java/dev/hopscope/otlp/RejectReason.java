package dev.hopscope.otlp;

/**
 * Why spans or whole requests were refused. The {@link #label()} is the value of the {@code reason}
 * label on the rejected-spans metric, so it must never change for an existing constant.
 */
public enum RejectReason {
  // One span is dropped; the rest of the request is accepted (OTLP partial success).
  INVALID_TRACE_ID("invalid_trace_id"),
  INVALID_SPAN_ID("invalid_span_id"),
  INVALID_PARENT_SPAN_ID("invalid_parent_span_id"),
  INVALID_LINK("invalid_link"),
  END_BEFORE_START("end_before_start"),
  MISSING_TIMESTAMP("missing_timestamp"),
  INVALID_UTF8("invalid_utf8"),
  TOO_MANY_ATTRIBUTES("too_many_attributes"),
  ATTRIBUTE_VALUE_TOO_LONG("attribute_value_too_long"),
  ATTRIBUTE_TOO_DEEP("attribute_too_deep"),
  TOO_MANY_EVENTS("too_many_events"),
  TOO_MANY_LINKS("too_many_links"),
  UNKNOWN_ENUM("unknown_enum"),
  INCOMPLETE_ANNOTATION("incomplete_annotation"),
  INVALID_ENDPOINT("invalid_endpoint"),

  // The whole request is refused (HTTP 400 / gRPC INVALID_ARGUMENT).
  MALFORMED_PROTOBUF("malformed_protobuf"),
  MALFORMED_JSON("malformed_json"),
  BODY_TOO_LARGE("body_too_large"),
  DECOMPRESSED_TOO_LARGE("decompressed_too_large"),
  CORRUPT_COMPRESSION("corrupt_compression"),
  UNSUPPORTED_ENCODING("unsupported_encoding"),
  UNSUPPORTED_CONTENT_TYPE("unsupported_content_type"),
  TOO_MANY_SPANS("too_many_spans");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  /** The stable, snake_case metric label. */
  public String label() {
    return label;
  }

  /** True when this reason refuses a whole request rather than a single span. */
  public boolean wholeRequest() {
    return ordinal() >= MALFORMED_PROTOBUF.ordinal();
  }
}
