package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes an OTLP JSON {@code ExportTraceServiceRequest}: the protobuf JSON mapping with OTLP's
 * changes (ids as hex, enums as integers, names also accepted). Unknown fields are ignored, as the
 * OTLP specification asks of receivers. Spans of a {@code resourceSpans} element are held as drafts
 * until the element closes, because its {@code resource} may come after them.
 */
public final class OtlpJsonDecoder {
  static final String FORMAT = "OTLP JSON (an ExportTraceServiceRequest object)";

  private OtlpJsonDecoder() {}

  /**
   * @throws MalformedRequestException if the body is not OTLP JSON or breaks a request-wide limit
   */
  public static DecodeResult decode(byte[] body, IngestLimits limits) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(limits, "limits");
    Decompression.checkDecompressedSize(body.length, limits.maxDecompressedBytes());
    try (JsonParser parser = JsonReader.FACTORY.createParser(body)) {
      Reader reader = new Reader(new JsonReader(parser, FORMAT), limits);
      DecodeResult result = reader.request();
      if (parser.nextToken() != null) {
        throw new JsonReader(parser, FORMAT)
            .malformed("content after the request object", "send one request per body");
      }
      return result;
    } catch (JsonProcessingException e) {
      throw JsonReader.notJson(e, FORMAT);
    } catch (java.io.CharConversionException e) {
      throw JsonReader.notText(e, FORMAT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per-request state. */
  private static final class Reader {
    private final JsonReader in;
    private final IngestLimits limits;
    private final JsonAttributeReader attributes;
    private final JsonSpanReader spans;
    private final Rejections rejections = new Rejections();
    private final SpanBatch.Builder batch = SpanBatch.builder();
    private int spansSeen;

    Reader(JsonReader in, IngestLimits limits) {
      this.in = in;
      this.limits = limits;
      this.attributes = new JsonAttributeReader(in, limits.maxAttributeValueLength());
      this.spans = new JsonSpanReader(in, attributes, limits);
    }

    DecodeResult request() throws IOException {
      in.next();
      if (!in.object("the request")) {
        return rejections.result(batch.build());
      }
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        if (field.equals("resourceSpans") && in.array("resourceSpans")) {
          int index = 0;
          while (in.nextElement()) {
            resourceSpans("resourceSpans[" + index++ + "]");
          }
        } else {
          in.skip();
        }
      }
      return rejections.result(batch.build());
    }

    private void resourceSpans(String path) throws IOException {
      if (!in.object(path)) {
        return;
      }
      Problem resourceProblem = new Problem();
      Attributes resourceAttributes = Attributes.empty();
      int dropped = 0;
      String schemaUrl = "";
      List<ScopeDraft> scopes = new ArrayList<>();
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        switch (field) {
          case "resource" -> {
            if (in.object(path + ".resource")) {
              for (String f = in.nextField(); f != null; f = in.nextField()) {
                switch (f) {
                  case "attributes" ->
                      resourceAttributes =
                          attributes.attributes(
                              path + ".resource.attributes", resourceProblem, new int[1]);
                  case "droppedAttributesCount" ->
                      dropped = in.uint32(path + ".resource.droppedAttributesCount");
                  default -> in.skip();
                }
              }
            }
          }
          case "schemaUrl" ->
              schemaUrl =
                  attributes.string(path + ".schemaUrl", path + ".schemaUrl", resourceProblem);
          // instrumentationLibrarySpans: the pre-0.15 name, still sent by old SDKs.
          case "scopeSpans", "instrumentationLibrarySpans" -> {
            if (in.array(path + ".scopeSpans")) {
              while (in.nextElement()) {
                scopes.add(scopeSpans(path + ".scopeSpans[" + scopes.size() + "]"));
              }
            }
          }
          default -> in.skip();
        }
      }
      Resource resource = new Resource(resourceAttributes, schemaUrl, dropped);
      int resourceIndex = -1;
      String service = " (service " + MessageText.quote(resource.serviceName()) + ")";
      for (ScopeDraft scope : scopes) {
        Problem problem = resourceProblem.found() ? resourceProblem : scope.problem;
        if (problem.found()) {
          rejections.rejectMany(
              problem.reason(),
              scope.spans.size(),
              scope.path + service + ": all spans dropped because " + problem.detail());
          continue;
        }
        if (scope.spans.isEmpty()) {
          continue;
        }
        // Registered only now, so that the batch lists no resource or scope without spans.
        if (resourceIndex < 0) {
          resourceIndex = batch.resourceIndex(resource);
        }
        int scopeIndex = batch.scopeIndex(scope.scope);
        for (int i = 0; i < scope.spans.size(); i++) {
          SpanDraft span = scope.spans.get(i);
          if (!span.appendTo(batch, resourceIndex, scopeIndex, limits)) {
            rejections.reject(
                span.problem.reason(),
                scope.path + ".spans[" + i + "]" + service + ": " + span.problem.detail());
          }
        }
      }
    }

    private ScopeDraft scopeSpans(String path) throws IOException {
      ScopeDraft draft = new ScopeDraft(path);
      if (!in.object(path)) {
        return draft;
      }
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        switch (field) {
          case "scope", "instrumentationLibrary" ->
              draft.scope = scope(path + ".scope", draft.problem);
          // Not kept (the model's scope has no schema URL), but held to the same limit as in
          // protobuf, where it is read.
          case "schemaUrl" -> attributes.string(path + ".schemaUrl", "schemaUrl", draft.problem);
          case "spans" -> {
            if (in.array(path + ".spans")) {
              while (in.nextElement()) {
                countSpan();
                draft.spans.add(spans.span(path + ".spans[" + draft.spans.size() + "]"));
              }
            }
          }
          default -> in.skip();
        }
      }
      return draft;
    }

    private InstrumentationScope scope(String path, Problem problem) throws IOException {
      String name = "";
      String version = "";
      Attributes scopeAttributes = Attributes.empty();
      int dropped = 0;
      if (in.object(path)) {
        for (String field = in.nextField(); field != null; field = in.nextField()) {
          switch (field) {
            case "name" -> name = attributes.string(path + ".name", "scope.name", problem);
            case "version" ->
                version = attributes.string(path + ".version", "scope.version", problem);
            case "attributes" ->
                scopeAttributes = attributes.attributes(path + ".attributes", problem, new int[1]);
            case "droppedAttributesCount" -> dropped = in.uint32(path + ".droppedAttributesCount");
            default -> in.skip();
          }
        }
      }
      return new InstrumentationScope(name, version, scopeAttributes, dropped);
    }

    private void countSpan() {
      if (++spansSeen > limits.maxSpansPerRequest()) {
        throw limits.tooManySpans(IngestLimits.OTLP_SMALLER_BATCHES);
      }
    }
  }

  private static final class ScopeDraft {
    final String path;
    final Problem problem = new Problem();
    InstrumentationScope scope = InstrumentationScope.EMPTY;
    final List<SpanDraft> spans = new ArrayList<>();

    ScopeDraft(String path) {
      this.path = path;
    }
  }
}
