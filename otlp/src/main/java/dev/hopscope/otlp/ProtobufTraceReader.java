package dev.hopscope.otlp;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;

/**
 * Walks one {@code ExportTraceServiceRequest} and writes its spans into a {@link SpanBatch}. A
 * resource or scope may follow its spans on the wire, so {@code ResourceSpans} and {@code
 * ScopeSpans} are read in two passes: first their header fields, then their children. Skipping is
 * only a jump over a length, so the second pass is cheap. Not thread-safe: one per request.
 */
final class ProtobufTraceReader {
  private static final String[] REQUEST_NAMES = {"", "resource_spans"};
  private static final long RESOURCE_SPANS_FIELDS = 0b1110;
  private static final String[] RESOURCE_SPANS_NAMES = {
    "", "resource", "scope_spans", "schema_url"
  };
  private static final long RESOURCE_FIELDS = 0b110;
  private static final String[] RESOURCE_NAMES = {"", "attributes", "dropped_attributes_count"};
  private static final long SCOPE_SPANS_FIELDS = 0b1110;
  private static final String[] SCOPE_SPANS_NAMES = {"", "scope", "spans", "schema_url"};
  private static final long SCOPE_FIELDS = 0b11110;
  private static final String[] SCOPE_NAMES = {
    "", "name", "version", "attributes", "dropped_attributes_count"
  };

  /**
   * {@code ResourceSpans.instrumentation_library_spans} (field 1000), which SDKs before OTLP 0.15
   * (2022) send instead of {@code scope_spans}. Its message is wire-identical to {@code
   * ScopeSpans}, so it is read as one rather than skipped: skipping would drop spans silently.
   */
  private static final int LEGACY_SCOPE_SPANS = 1000 << 3 | ProtoReader.LEN;

  private final ProtoReader in;
  private final IngestLimits limits;
  private final Problem problem = new Problem();
  private final ProtobufAttributeReader attributes;
  private final ProtobufSpanReader spans;
  private final Rejections rejections = new Rejections();
  private final SpanBatch.Builder batch = SpanBatch.builder();
  private int spansSeen;
  private Resource pendingResource = Resource.EMPTY;
  private int pendingResourceIndex = -1;

  ProtobufTraceReader(byte[] body, IngestLimits limits) {
    this.in = new ProtoReader(body);
    this.limits = limits;
    Utf8 utf8 = Utf8.ofThisThread();
    this.attributes =
        new ProtobufAttributeReader(in, utf8, problem, limits.maxAttributeValueLength());
    this.spans = new ProtobufSpanReader(in, attributes, problem, limits, batch);
  }

  DecodeResult read() {
    int end = in.buf.length;
    int resourceIndex = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (1 << 3 | ProtoReader.LEN)) {
        resourceSpans(in.lengthEnd(end), resourceIndex++);
      } else {
        in.skip(tag, end, 1L << 1, REQUEST_NAMES, "ExportTraceServiceRequest");
      }
    }
    return rejections.result(batch.build());
  }

  private void resourceSpans(int end, int resourceIndex) {
    int start = in.pos;
    String where = "resourceSpans[" + resourceIndex + "]";
    problem.reset();
    Attributes.Builder resourceAttributes = Attributes.builder();
    int dropped = 0;
    String schemaUrl = "";
    while (in.pos < end) {
      int tag = in.tag(end);
      switch (tag) {
        case 1 << 3 | ProtoReader.LEN -> {
          // A repeated singular message merges: attributes add up, scalars take the last value.
          int resourceEnd = in.lengthEnd(end);
          while (in.pos < resourceEnd) {
            int field = in.tag(resourceEnd);
            switch (field) {
              case 1 << 3 | ProtoReader.LEN ->
                  attributes.keyValueInto(
                      in.lengthEnd(resourceEnd), where + ".resource", resourceAttributes);
              case 2 << 3 | ProtoReader.VARINT -> dropped = (int) in.varint(resourceEnd);
              default -> in.skip(field, resourceEnd, RESOURCE_FIELDS, RESOURCE_NAMES, "Resource");
            }
          }
        }
        case 2 << 3 | ProtoReader.LEN, LEGACY_SCOPE_SPANS -> in.pos = in.lengthEnd(end);
        case 3 << 3 | ProtoReader.LEN ->
            schemaUrl = attributes.string(in.lengthEnd(end), where + ".schema_url");
        default -> in.skip(tag, end, RESOURCE_SPANS_FIELDS, RESOURCE_SPANS_NAMES, "ResourceSpans");
      }
    }
    Resource resource = new Resource(resourceAttributes.build(), schemaUrl, dropped);
    String service = where + " (service " + MessageText.quote(resource.serviceName()) + ")";
    RejectReason resourceReason = problem.found() ? problem.reason() : null;
    String resourceDetail = problem.detail();
    pendingResource = resource;
    pendingResourceIndex = -1;

    in.pos = start;
    int scopeIndex = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (2 << 3 | ProtoReader.LEN) || tag == LEGACY_SCOPE_SPANS) {
        int scopeEnd = in.lengthEnd(end);
        String scopeWhere = service + ".scopeSpans[" + scopeIndex++ + "]";
        if (resourceReason != null) {
          int count = countSpans(scopeEnd);
          rejections.rejectMany(
              resourceReason,
              count,
              scopeWhere + ": all " + count + " spans dropped because " + resourceDetail);
        } else {
          scopeSpans(scopeEnd, scopeWhere);
        }
      } else {
        in.skip(tag, end, 0, RESOURCE_SPANS_NAMES, "ResourceSpans");
      }
    }
  }

  private void scopeSpans(int end, String where) {
    int start = in.pos;
    boolean hasSpans = false;
    problem.reset();
    String name = "";
    String version = "";
    Attributes.Builder scopeAttributes = Attributes.builder();
    int dropped = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (1 << 3 | ProtoReader.LEN)) {
        int scopeEnd = in.lengthEnd(end);
        while (in.pos < scopeEnd) {
          int field = in.tag(scopeEnd);
          switch (field) {
            case 1 << 3 | ProtoReader.LEN ->
                name = attributes.string(in.lengthEnd(scopeEnd), where + ".scope.name");
            case 2 << 3 | ProtoReader.LEN ->
                version = attributes.string(in.lengthEnd(scopeEnd), where + ".scope.version");
            case 3 << 3 | ProtoReader.LEN ->
                attributes.keyValueInto(in.lengthEnd(scopeEnd), where + ".scope", scopeAttributes);
            case 4 << 3 | ProtoReader.VARINT -> dropped = (int) in.varint(scopeEnd);
            default -> in.skip(field, scopeEnd, SCOPE_FIELDS, SCOPE_NAMES, "InstrumentationScope");
          }
        }
      } else if (tag == (2 << 3 | ProtoReader.LEN)) {
        in.pos = in.lengthEnd(end);
        hasSpans = true;
      } else if (tag == (3 << 3 | ProtoReader.LEN)) {
        // ScopeSpans.schema_url has no place in the model (see RATIONALE.md); still UTF-8-checked.
        attributes.string(in.lengthEnd(end), where + ".schema_url");
      } else {
        in.skip(tag, end, SCOPE_SPANS_FIELDS, SCOPE_SPANS_NAMES, "ScopeSpans");
      }
    }
    if (problem.found()) {
      RejectReason reason = problem.reason();
      String detail = problem.detail();
      in.pos = start;
      int count = countSpans(end);
      rejections.rejectMany(
          reason, count, where + ": all " + count + " spans dropped because " + detail);
      return;
    }
    if (!hasSpans) {
      return;
    }
    // Registered only now, so that the batch lists no resource or scope without spans.
    if (pendingResourceIndex < 0) {
      pendingResourceIndex = batch.resourceIndex(pendingResource);
    }
    int resourceIndex = pendingResourceIndex;
    int scopeIndex =
        batch.scopeIndex(new InstrumentationScope(name, version, scopeAttributes.build(), dropped));

    in.pos = start;
    int spanIndex = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (2 << 3 | ProtoReader.LEN)) {
        countSpan();
        int spanEnd = in.lengthEnd(end);
        if (!spans.span(spanEnd, resourceIndex, scopeIndex)) {
          rejections.reject(
              problem.reason(), where + ".spans[" + spanIndex + "]: " + problem.detail());
        }
        spanIndex++;
      } else {
        in.skip(tag, end, 0, SCOPE_SPANS_NAMES, "ScopeSpans");
      }
    }
  }

  /** Counts (and skips) the spans of a scope that is rejected as a whole. */
  private int countSpans(int end) {
    int start = in.pos;
    int count = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (2 << 3 | ProtoReader.LEN)) {
        countSpan();
        count++;
      }
      in.skip(tag, end, 0, SCOPE_SPANS_NAMES, "ScopeSpans");
    }
    in.pos = Math.max(in.pos, start);
    return count;
  }

  private void countSpan() {
    if (++spansSeen > limits.maxSpansPerRequest()) {
      throw limits.tooManySpans(IngestLimits.OTLP_SMALLER_BATCHES);
    }
  }
}
