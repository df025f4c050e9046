package dev.hopscope.server.config;

import dev.hopscope.otlp.IngestLimits;
import java.util.Locale;

/**
 * Every configuration key, in one table: its YAML key, its environment variable and its default.
 * The README's configuration table is this enum in words.
 */
public enum Setting {
  BIND("bind", "127.0.0.1", "address every listener binds to; 0.0.0.0 exposes them"),
  OTLP_GRPC_PORT("ports.otlpGrpc", "4317", "OTLP/gRPC port"),
  OTLP_HTTP_PORT("ports.otlpHttp", "4318", "OTLP/HTTP port"),
  ZIPKIN_PORT("ports.zipkin", "9411", "Zipkin v2 port"),
  HTTP_PORT("ports.http", "16686", "UI, query APIs and /metrics port"),
  STORE("store", "embedded", "embedded (durable, under dataDir) or memory (lost on exit)"),
  DATA_DIR("dataDir", "./data", "where the embedded store keeps its files"),
  WAL_SYNC("walSync", "fsync", "fsync (acknowledged = durable) or none (benchmarks only)"),
  RETENTION("retention", "7d", "drop blocks older than this (e.g. 12h, 7d)"),
  RETENTION_BYTES(
      "retentionBytes",
      "0",
      "drop a tenant's oldest blocks past this many bytes of that tenant; 0 = no limit"),
  RETENTION_BYTES_TOTAL(
      "retentionBytesTotal",
      "0",
      "cap on all tenants' block bytes together: the largest tenant's oldest blocks go first;"
          + " 0 = no cap"),
  MAX_DISK_BYTES(
      "maxDiskBytes",
      "0",
      "refuse ingest (503) once the data directory holds this many bytes; 0 = no limit"),
  MAX_INFLIGHT_BYTES(
      "limits.maxInflightBytes",
      "67108864",
      "request bytes being decoded or awaiting fsync before 429"),
  MAX_COMPRESSED_BYTES(
      "limits.maxCompressedBytes",
      str(IngestLimits.DEFAULT_MAX_COMPRESSED_BYTES),
      "largest request body as sent"),
  MAX_DECOMPRESSED_BYTES(
      "limits.maxDecompressedBytes",
      str(IngestLimits.DEFAULT_MAX_DECOMPRESSED_BYTES),
      "largest request body after gzip"),
  MAX_SPANS_PER_REQUEST(
      "limits.maxSpansPerRequest",
      str(IngestLimits.DEFAULT_MAX_SPANS_PER_REQUEST),
      "spans in one request"),
  MAX_ATTRIBUTES_PER_SPAN(
      "limits.maxAttributesPerSpan",
      str(IngestLimits.DEFAULT_MAX_ATTRIBUTES_PER_SPAN),
      "attributes on one span"),
  MAX_ATTRIBUTE_VALUE_LENGTH(
      "limits.maxAttributeValueLength",
      str(IngestLimits.DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH),
      "UTF-8 bytes in one string or bytes attribute value"),
  MAX_EVENTS_PER_SPAN(
      "limits.maxEventsPerSpan",
      str(IngestLimits.DEFAULT_MAX_EVENTS_PER_SPAN),
      "events on one span"),
  MAX_LINKS_PER_SPAN(
      "limits.maxLinksPerSpan", str(IngestLimits.DEFAULT_MAX_LINKS_PER_SPAN), "links on one span"),
  TENANT_BYTES_PER_SECOND(
      "limits.tenantBytesPerSecond",
      "0",
      "request bytes (as sent) one tenant may send per second before 429 naming it; 0 = no limit"),
  TENANT_BURST_BYTES(
      "limits.tenantBurstBytes",
      "0",
      "bytes a tenant may send at once above its rate; 0 = one second's worth"),
  TENANT_SPANS_PER_SECOND(
      "limits.tenantSpansPerSecond",
      "0",
      "spans one tenant may send per second before 429 naming it; 0 = no limit"),
  TENANT_BURST_SPANS(
      "limits.tenantBurstSpans",
      "0",
      "spans a tenant may send at once above its rate; 0 = one second's worth"),
  MAX_BYTES_PER_TRACE(
      "limits.maxBytesPerTrace",
      "0",
      "bytes one trace may grow to while it is being written; its spans past that are refused,"
          + " naming the trace; 0 = no limit"),
  MAX_SEARCH_WINDOW(
      "limits.maxSearchWindow",
      "0",
      "longest time range one search or metrics query may cover (e.g. 24h); longer ones get 400;"
          + " 0 = no limit"),
  ROLE(
      "role",
      "all",
      "all (one process, embedded store), or a cluster role: distributor (receivers to Kafka),"
          + " live-store (serves the recent window from Kafka), block-builder (Kafka to blocks in"
          + " the bucket), querier (serves the bucket's blocks and the live stores' recent window),"
          + " compactor (merges and expires the bucket's blocks)"),
  KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrapServers", "", "cluster roles: Kafka's host:port list"),
  KAFKA_TOPIC("kafka.topic", "hopscope-spans", "cluster roles: the span topic"),
  KAFKA_PARTITIONS(
      "kafka.partitions",
      "8",
      "cluster roles: partitions to create the span topic with (an existing topic keeps its own)"),
  KAFKA_REPLICATION_FACTOR(
      "kafka.replicationFactor",
      "1",
      "cluster roles: replicas to create the span topic with (3 in production)"),
  KAFKA_MIN_INSYNC_REPLICAS(
      "kafka.minInsyncReplicas",
      "0",
      "cluster roles: the span topic's min.insync.replicas when created (replicas holding a batch"
          + " before it is acknowledged); 0 = min(2, kafka.replicationFactor)"),
  KAFKA_ACK_TIMEOUT(
      "kafka.ackTimeout",
      "5s",
      "distributor: longest wait for Kafka's acknowledgement before answering 503"),
  LIVE_STORE_WINDOW(
      "liveStore.window",
      "1h",
      "live-store: how much recent data it replays and serves; querier: set it as on the live"
          + " stores (a trace in the bucket that ended before it is not looked for in them)"),
  BLOCK_BUILDER_CYCLE(
      "blockBuilder.cycle",
      "30s",
      "block-builder: the longest it holds records before cutting them into blocks"),
  QUERIER_LIVE_STORES(
      "querier.liveStores",
      "",
      "querier: the live stores' HTTP query ports (host:port,...) to read the recent window from;"
          + " empty: blocks in the bucket only"),
  QUERIER_LIVE_STORES_TOKEN(
      "querier.liveStoresToken",
      "",
      "querier: bearer token sent to the live stores when they check tokens (auth.tokensFile);"
          + " an operator's read token, tenant \"*\""),
  COMPACTOR_CYCLE(
      "compactor.cycle", "30s", "compactor: how often it renews its lease and makes a pass"),
  COMPACTOR_LEASE_DURATION(
      "compactor.leaseDuration",
      "2m",
      "compactor: a standby takes over this long after the active compactor stopped renewing"),
  COMPACTOR_WINDOW(
      "compactor.window",
      "1h",
      "compactor: blocks are merged only with blocks whose spans ended in the same window"),
  COMPACTOR_DELETE_GRACE(
      "compactor.deleteGrace",
      "5m",
      "compactor: merged-away blocks stay this long for queriers that listed them"),
  COMPACTOR_RETENTION_BY_TENANT(
      "compactor.retentionByTenant",
      "",
      "compactor: per-tenant retention instead of retention, e.g. acme=30d,beta=12h"),
  OBJECT_STORAGE_ENDPOINT(
      "objectStorage.endpoint",
      "",
      "block-builder, querier, compactor: the S3 API's base URL (empty: AWS S3 in objectStorage.region)"),
  OBJECT_STORAGE_REGION(
      "objectStorage.region",
      "us-east-1",
      "block-builder, querier, compactor: the bucket's region"),
  OBJECT_STORAGE_BUCKET(
      "objectStorage.bucket", "hopscope", "block-builder, querier, compactor: the bucket"),
  OBJECT_STORAGE_PATH_STYLE(
      "objectStorage.pathStyle",
      "true",
      "block-builder, querier, compactor: true for MinIO, Ceph and s3proxy (host/bucket/key), false for AWS"),
  OBJECT_STORAGE_ACCESS_KEY(
      "objectStorage.accessKey",
      "",
      "block-builder, querier, compactor: access key; empty with secretKey: the SDK's default credentials"),
  OBJECT_STORAGE_SECRET_KEY(
      "objectStorage.secretKey", "", "block-builder, querier, compactor: secret key"),
  SPAN_METRICS_DIMENSIONS(
      "spanMetrics.dimensions",
      "",
      "/metrics/spans: span or resource attributes added as labels, comma-separated (at most 10),"
          + " e.g. http.request.method"),
  SPAN_METRICS_MAX_SERIES(
      "spanMetrics.maxSeriesPerTenant",
      "10000",
      "/metrics/spans: a tenant's span-metrics series stop growing here (the rest is counted)"),
  SPAN_METRICS_EDGE_WAIT(
      "spanMetrics.edgeWait",
      "10s",
      "/metrics/spans: how long half of a service-graph edge waits for the other half"),
  SPAN_METRICS_MAX_PENDING_EDGES(
      "spanMetrics.maxPendingEdges",
      "10000",
      "/metrics/spans: the most edge halves waiting at once (the rest is counted)"),
  SELF_TRACING_ENDPOINT(
      "selfTracing.endpoint",
      "",
      "trace Hopscope itself: an OTLP/HTTP base URL (http://host:4318), or self for this server's"
          + " own receiver; empty: off"),
  SELF_TRACING_TENANT(
      "selfTracing.tenant", "hopscope-self", "self-tracing: the tenant its traces are sent as"),
  SELF_TRACING_SAMPLE_RATIO(
      "selfTracing.sampleRatio",
      "0.1",
      "self-tracing: the share of requests traced (0 to 1; a sampled caller's requests always)"),
  SELF_TRACING_TOKEN(
      "selfTracing.token", "", "self-tracing: the bearer token to send with, when auth is on"),
  LOG_FORMAT(
      "log.format",
      "text",
      "text (one line per record, for people) or json (one object per line, for log shippers)"),
  LOG_LEVEL("log.level", "info", "error, warn, info, debug or trace"),
  AUTH_TOKENS_FILE(
      "auth.tokensFile",
      "",
      "YAML file of hashed tokens (./hopscope token makes them); set: every request needs a"
          + " token, re-read on change (docs/security.md)"),
  AUTH_MODE(
      "auth.mode",
      "tokens",
      "tokens, or none: no authentication even on a non-loopback bind (only behind a proxy that"
          + " authenticates)"),
  AUTH_SESSION_TTL(
      "auth.sessionTtl",
      "12h",
      "how long a web UI sign-in lasts before it asks for the token again"),
  TLS_CERT_FILE(
      "tls.certFile",
      "",
      "PEM certificate chain (server first); with tls.keyFile every listener speaks TLS only;"
          + " both re-read when they change"),
  TLS_KEY_FILE(
      "tls.keyFile", "", "PEM private key of tls.certFile (PKCS#8, PKCS#1 or EC), unencrypted"),
  TLS_CLIENT_AUTH(
      "tls.clientAuth",
      "none",
      "none, or required: the receivers (OTLP/gRPC, OTLP/HTTP, Zipkin) refuse a connection"
          + " without a client certificate signed by tls.clientCaFile"),
  TLS_CLIENT_CA_FILE(
      "tls.clientCaFile",
      "",
      "PEM bundle of the CAs whose client certificates the receivers accept"),
  TLS_OTLP_GRPC_CERT_FILE(
      "tls.otlpGrpc.certFile", "", "OTLP/gRPC only: PEM certificate chain instead of tls.certFile"),
  TLS_OTLP_GRPC_KEY_FILE(
      "tls.otlpGrpc.keyFile", "", "OTLP/gRPC only: the key of tls.otlpGrpc.certFile"),
  TLS_OTLP_GRPC_CLIENT_AUTH(
      "tls.otlpGrpc.clientAuth", "", "OTLP/gRPC only: none or required instead of tls.clientAuth"),
  TLS_OTLP_GRPC_CLIENT_CA_FILE(
      "tls.otlpGrpc.clientCaFile",
      "",
      "OTLP/gRPC only: client CA bundle instead of tls.clientCaFile"),
  TLS_OTLP_HTTP_CERT_FILE(
      "tls.otlpHttp.certFile", "", "OTLP/HTTP only: PEM certificate chain instead of tls.certFile"),
  TLS_OTLP_HTTP_KEY_FILE(
      "tls.otlpHttp.keyFile", "", "OTLP/HTTP only: the key of tls.otlpHttp.certFile"),
  TLS_OTLP_HTTP_CLIENT_AUTH(
      "tls.otlpHttp.clientAuth", "", "OTLP/HTTP only: none or required instead of tls.clientAuth"),
  TLS_OTLP_HTTP_CLIENT_CA_FILE(
      "tls.otlpHttp.clientCaFile",
      "",
      "OTLP/HTTP only: client CA bundle instead of tls.clientCaFile"),
  TLS_ZIPKIN_CERT_FILE(
      "tls.zipkin.certFile", "", "Zipkin only: PEM certificate chain instead of tls.certFile"),
  TLS_ZIPKIN_KEY_FILE("tls.zipkin.keyFile", "", "Zipkin only: the key of tls.zipkin.certFile"),
  TLS_ZIPKIN_CLIENT_AUTH(
      "tls.zipkin.clientAuth", "", "Zipkin only: none or required instead of tls.clientAuth"),
  TLS_ZIPKIN_CLIENT_CA_FILE(
      "tls.zipkin.clientCaFile", "", "Zipkin only: client CA bundle instead of tls.clientCaFile"),
  TLS_HTTP_CERT_FILE(
      "tls.http.certFile",
      "",
      "UI and query APIs only: PEM certificate chain instead of tls.certFile"),
  TLS_HTTP_KEY_FILE("tls.http.keyFile", "", "UI and query APIs only: the key of tls.http.certFile"),
  JAEGER_UI(
      "jaegerUi",
      "",
      "a Jaeger UI build (index.html and static/) to serve under /jaeger/; empty: Jaeger links"
          + " /jaeger/trace/<id> open Hopscope's trace page");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The dotted YAML key, e.g. {@code limits.maxSpansPerRequest}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code HOPSCOPE_LIMITS_MAX_SPANS_PER_REQUEST}. */
  public String env() {
    return "HOPSCOPE_"
        + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  private static String str(long value) {
    return Long.toString(value);
  }
}
