package dev.hopscope.server.api.compat;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Jaeger's internal v1 JSON model as its query service writes it (Jaeger's {@code uimodel} structs)
 * and as Jaeger UI and Grafana's Jaeger data source read it. Every key Jaeger may send is declared,
 * so an unknown key is ours alone; keys Jaeger always sends (no {@code omitempty}) are required;
 * lists the clients iterate without a null check must not be null.
 */
final class JaegerModel {
  private JaegerModel() {}

  /** Present and not null. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
  @JacksonAnnotationsInside
  @JsonProperty(required = true)
  @JsonSetter(nulls = Nulls.FAIL)
  @interface Required {}

  /** Every v1 answer; {@code data} is null and {@code errors} set when the call failed. */
  record Envelope<T>(
      @JsonProperty(required = true) T data,
      @Required Integer total,
      @Required Integer limit,
      @Required Integer offset,
      @JsonProperty(required = true) List<StructuredError> errors) {}

  record StructuredError(Integer code, @Required String msg, String traceID) {}

  record Trace(
      @Required String traceID,
      @Required List<Span> spans,
      @Required Map<String, Process> processes,
      @JsonProperty(required = true) List<String> warnings) {}

  record Span(
      @Required String traceID,
      @Required String spanID,
      String parentSpanID,
      Long flags,
      @Required String operationName,
      @Required List<Reference> references,
      @Required Long startTime,
      @Required Long duration,
      @Required List<KeyValue> tags,
      @Required List<Log> logs,
      @Required String processID,
      Process process,
      @JsonProperty(required = true) List<String> warnings) {}

  enum RefType {
    CHILD_OF,
    FOLLOWS_FROM
  }

  record Reference(@Required RefType refType, @Required String traceID, @Required String spanID) {}

  record Process(@Required String serviceName, @Required List<KeyValue> tags) {}

  record Log(@Required Long timestamp, @Required List<KeyValue> fields) {}

  /** A typed tag: the JSON type of {@code value} must be the one {@code type} names. */
  record KeyValue(
      @Required String key, @Required String type, @JsonProperty(required = true) Object value) {
    KeyValue {
      boolean fits =
          switch (type) {
            case "string", "binary" -> value instanceof String;
            case "bool" -> value instanceof Boolean;
            case "int64" ->
                value instanceof Integer || value instanceof Long || value instanceof BigInteger;
            case "float64" -> value instanceof Number;
            default -> false;
          };
      if (!fits) {
        throw new IllegalArgumentException(key + ": a " + type + " tag holds " + value);
      }
    }
  }

  record DependencyLink(
      @Required String parent, @Required String child, @Required Long callCount) {}

  /** {@code /operations} of v1 and v3 alike. */
  record Operation(@Required String name, @Required String spanKind) {}
}
