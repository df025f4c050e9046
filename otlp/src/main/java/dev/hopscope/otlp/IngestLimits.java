package dev.hopscope.otlp;

/**
 * Bounds applied to every ingest request. Defaults follow the OpenTelemetry SDK span limits where
 * one exists (128 attributes, events and links per span), so spans from a default-configured SDK
 * always fit; the byte limits keep one request's memory bounded. See RATIONALE.md. Rejection
 * messages name each limit by its server configuration key, {@code limits.<component>}.
 *
 * @param maxCompressedBytes largest request body as sent on the wire
 * @param maxDecompressedBytes largest body after gzip/zstd inflation; inflation stops at this size
 * @param maxSpansPerRequest more spans than this refuse the whole request
 * @param maxAttributesPerSpan attributes on one span, event or link
 * @param maxAttributeValueLength UTF-8 bytes of one string (or bytes) attribute value
 * @param maxEventsPerSpan events on one span
 * @param maxLinksPerSpan links on one span
 */
public record IngestLimits(
    long maxCompressedBytes,
    long maxDecompressedBytes,
    int maxSpansPerRequest,
    int maxAttributesPerSpan,
    int maxAttributeValueLength,
    int maxEventsPerSpan,
    int maxLinksPerSpan) {

  public static final long DEFAULT_MAX_COMPRESSED_BYTES = 4L << 20;
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 16L << 20;
  public static final int DEFAULT_MAX_SPANS_PER_REQUEST = 50_000;
  public static final int DEFAULT_MAX_ATTRIBUTES_PER_SPAN = 128;
  public static final int DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH = 16 << 10;
  public static final int DEFAULT_MAX_EVENTS_PER_SPAN = 128;
  public static final int DEFAULT_MAX_LINKS_PER_SPAN = 128;

  private static final IngestLimits DEFAULTS = builder().build();

  public IngestLimits {
    requirePositive(maxCompressedBytes, "maxCompressedBytes");
    requirePositive(maxDecompressedBytes, "maxDecompressedBytes");
    requirePositive(maxSpansPerRequest, "maxSpansPerRequest");
    requirePositive(maxAttributesPerSpan, "maxAttributesPerSpan");
    requirePositive(maxAttributeValueLength, "maxAttributeValueLength");
    requirePositive(maxEventsPerSpan, "maxEventsPerSpan");
    requirePositive(maxLinksPerSpan, "maxLinksPerSpan");
  }

  public static IngestLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these limits. */
  public Builder toBuilder() {
    return new Builder()
        .maxCompressedBytes(maxCompressedBytes)
        .maxDecompressedBytes(maxDecompressedBytes)
        .maxSpansPerRequest(maxSpansPerRequest)
        .maxAttributesPerSpan(maxAttributesPerSpan)
        .maxAttributeValueLength(maxAttributeValueLength)
        .maxEventsPerSpan(maxEventsPerSpan)
        .maxLinksPerSpan(maxLinksPerSpan);
  }

  /** How OTLP senders make their batches smaller, for {@link #tooManySpans}. */
  static final String OTLP_SMALLER_BATCHES =
      "OTel SDK: OTEL_BSP_MAX_EXPORT_BATCH_SIZE, Collector: batch processor send_batch_max_size";

  /** How Zipkin senders make their batches smaller, for {@link #tooManySpans}. */
  static final String ZIPKIN_SMALLER_BATCHES = "zipkin-reporter: messageMaxBytes";

  /**
   * The refusal of a request over {@link #maxSpansPerRequest}, one message for every protocol but
   * the sender's setting to change, {@code smallerBatches}.
   */
  MalformedRequestException tooManySpans(String smallerBatches) {
    return new MalformedRequestException(
        RejectReason.TOO_MANY_SPANS,
        "request holds more than "
            + maxSpansPerRequest
            + " spans (limits.maxSpansPerRequest); send smaller batches ("
            + smallerBatches
            + ") or raise the limit");
  }

  private static void requirePositive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive; received " + value);
    }
  }

  /** Starts from the defaults; set only what differs. */
  public static final class Builder {
    private long maxCompressedBytes = DEFAULT_MAX_COMPRESSED_BYTES;
    private long maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES;
    private int maxSpansPerRequest = DEFAULT_MAX_SPANS_PER_REQUEST;
    private int maxAttributesPerSpan = DEFAULT_MAX_ATTRIBUTES_PER_SPAN;
    private int maxAttributeValueLength = DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH;
    private int maxEventsPerSpan = DEFAULT_MAX_EVENTS_PER_SPAN;
    private int maxLinksPerSpan = DEFAULT_MAX_LINKS_PER_SPAN;

    private Builder() {}

    public Builder maxCompressedBytes(long value) {
      maxCompressedBytes = value;
      return this;
    }

    public Builder maxDecompressedBytes(long value) {
      maxDecompressedBytes = value;
      return this;
    }

    public Builder maxSpansPerRequest(int value) {
      maxSpansPerRequest = value;
      return this;
    }

    public Builder maxAttributesPerSpan(int value) {
      maxAttributesPerSpan = value;
      return this;
    }

    public Builder maxAttributeValueLength(int value) {
      maxAttributeValueLength = value;
      return this;
    }

    public Builder maxEventsPerSpan(int value) {
      maxEventsPerSpan = value;
      return this;
    }

    public Builder maxLinksPerSpan(int value) {
      maxLinksPerSpan = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first limit that is not positive
     */
    public IngestLimits build() {
      return new IngestLimits(
          maxCompressedBytes,
          maxDecompressedBytes,
          maxSpansPerRequest,
          maxAttributesPerSpan,
          maxAttributeValueLength,
          maxEventsPerSpan,
          maxLinksPerSpan);
    }
  }
}
