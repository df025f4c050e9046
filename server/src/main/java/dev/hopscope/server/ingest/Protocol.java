package dev.hopscope.server.ingest;

/** How spans arrived; the label of every ingest metric. */
public enum Protocol {
  OTLP_GRPC("otlp_grpc", true),
  OTLP_HTTP_PROTOBUF("otlp_http_protobuf", true),
  OTLP_HTTP_JSON("otlp_http_json", true),
  // Zipkin v2 has no partial success: a request with an invalid span is refused whole, as Zipkin
  // refuses it, because a reporter only logs the body of an answer and never a 202's.
  ZIPKIN_JSON("zipkin_json", false);

  private final String label;
  private final boolean partialSuccess;

  Protocol(String label, boolean partialSuccess) {
    this.label = label;
    this.partialSuccess = partialSuccess;
  }

  public String label() {
    return label;
  }

  /** True if valid spans are kept next to rejected ones and the answer reports the rejections. */
  public boolean partialSuccess() {
    return partialSuccess;
  }
}
