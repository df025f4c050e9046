package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads OTLP JSON {@code KeyValue} lists and {@code AnyValue}s, applying the same value-length and
 * depth rules as the protobuf reader. Failures go to a {@link Problem}; the request goes on.
 */
final class JsonAttributeReader {
  private final JsonReader in;
  private final int maxValueLength;

  JsonAttributeReader(JsonReader in, int maxValueLength) {
    this.in = in;
    this.maxValueLength = maxValueLength;
  }

  /** Reads an array of KeyValue objects, calling {@code sink} for each pair. */
  void keyValues(String path, Problem problem, Sink sink) throws IOException {
    keyValues(path, problem, 1, sink);
  }

  /**
   * Reads a KeyValue array whose values nest {@code valueDepth} levels deep: 1 for a span's or
   * resource's attributes, one more than its kvlist for a kvlist's.
   */
  private void keyValues(String path, Problem problem, int valueDepth, Sink sink)
      throws IOException {
    if (!in.array(path)) {
      return;
    }
    int index = 0;
    while (in.nextElement()) {
      String elementPath = path + "[" + index++ + "]";
      if (!in.object(elementPath)) {
        sink.accept("", AttributeValue.EmptyValue.INSTANCE);
        continue;
      }
      String key = "";
      AttributeValue value = AttributeValue.EmptyValue.INSTANCE;
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        switch (field) {
          case "key" -> key = key(elementPath + ".key", problem);
          case "value" -> value = anyValue(elementPath + ".value", key, problem, valueDepth);
          default -> in.skip();
        }
      }
      sink.accept(key, value);
    }
  }

  /** Reads a KeyValue array into an attribute map (resources, scopes, events, links). */
  Attributes attributes(String path, Problem problem, int[] count) throws IOException {
    Attributes.Builder builder = Attributes.builder();
    keyValues(
        path,
        problem,
        (key, value) -> {
          builder.put(key, value);
          count[0]++;
        });
    return builder.build();
  }

  private AttributeValue anyValue(String path, String key, Problem problem, int depth)
      throws IOException {
    if (!in.object(path)) {
      return AttributeValue.EmptyValue.INSTANCE;
    }
    if (depth > ProtobufAttributeReader.MAX_DEPTH) {
      problem.report(
          RejectReason.ATTRIBUTE_TOO_DEEP,
          "attribute "
              + MessageText.quote(key)
              + " nests arrays/kvlists deeper than "
              + ProtobufAttributeReader.MAX_DEPTH
              + " levels; flatten the value");
      in.skip();
      return AttributeValue.EmptyValue.INSTANCE;
    }
    AttributeValue result = AttributeValue.EmptyValue.INSTANCE;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      String fieldPath = path + "." + field;
      switch (field) {
        case "stringValue" -> {
          String text = in.string(fieldPath);
          StringLimit.check(
              problem,
              "attribute " + MessageText.quote(key) + " string value",
              text,
              maxValueLength);
          result = AttributeValue.of(text);
        }
        case "boolValue" -> result = AttributeValue.of(in.bool(fieldPath));
        case "intValue" -> result = AttributeValue.of(in.int64(fieldPath, false));
        case "doubleValue" -> result = AttributeValue.of(in.doubleValue(fieldPath));
        case "bytesValue" -> {
          byte[] bytes = in.bytes(fieldPath);
          checkLength(bytes.length, key, "bytes", problem);
          result = new AttributeValue.BytesValue(bytes);
        }
        case "arrayValue" -> result = array(fieldPath, key, problem, depth);
        case "kvlistValue" -> result = kvlist(fieldPath, key, problem, depth);
        default -> in.skip();
      }
    }
    return result;
  }

  private AttributeValue array(String path, String key, Problem problem, int depth)
      throws IOException {
    List<AttributeValue> values = new ArrayList<>();
    if (in.object(path)) {
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        if (!field.equals("values")) {
          in.skip();
          continue;
        }
        if (in.array(path + ".values")) {
          int index = 0;
          while (in.nextElement()) {
            values.add(anyValue(path + ".values[" + index++ + "]", key, problem, depth + 1));
          }
        }
      }
    }
    return new AttributeValue.ArrayValue(values);
  }

  private AttributeValue kvlist(String path, String key, Problem problem, int depth)
      throws IOException {
    Attributes.Builder values = Attributes.builder();
    if (in.object(path)) {
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        if (!field.equals("values")) {
          in.skip();
          continue;
        }
        keyValues(path + ".values", problem, depth + 2, values::put);
      }
    }
    return new AttributeValue.KeyValueListValue(values.build());
  }

  private void checkLength(int length, String key, String type, Problem problem) {
    StringLimit.check(
        problem,
        "attribute " + MessageText.quote(key) + " " + type + " value",
        length,
        maxValueLength);
  }

  /** Reads a KeyValue's key, which counts against the same limit as every other string. */
  private String key(String path, Problem problem) throws IOException {
    String key = in.string(path);
    StringLimit.check(problem, path, key, maxValueLength);
    return key;
  }

  /**
   * Reads a string that is not an attribute (a name, status message, trace state) under the same
   * limit; {@code what} names it in the span's rejection, {@code path} in a type error.
   */
  String string(String path, String what, Problem problem) throws IOException {
    String text = in.string(path);
    StringLimit.check(problem, what, text, maxValueLength);
    return text;
  }

  /** Receives one decoded pair. */
  @FunctionalInterface
  interface Sink {
    void accept(String key, AttributeValue value);
  }
}
