package dev.hopscope.server.ingest;

/** How spans arrived; the label of every ingest metric. */
public enum Protocol {
  OTLP_GRPC("otlp_grpc"),
  OTLP_HTTP_PROTOBUF("otlp_http_protobuf"),
  OTLP_HTTP_JSON("otlp_http_json"),
  ZIPKIN_JSON("zipkin_json");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
