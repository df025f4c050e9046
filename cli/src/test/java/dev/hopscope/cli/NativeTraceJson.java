package dev.hopscope.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads spans and attributes out of the native API's trace JSON, for the demo's ITs. */
final class NativeTraceJson {
  private NativeTraceJson() {}

  static JsonObject named(JsonArray spans, String name) {
    for (Object o : spans) {
      if (((JsonObject) o).getString("name").equals(name)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no span named " + name + " in " + spans.encodePrettily());
  }

  static Object attribute(JsonObject span, String key) {
    return attributeIn(span.getJsonArray("attributes"), key);
  }

  static Object attributeIn(JsonArray attributes, String key) {
    for (Object o : attributes) {
      JsonObject attribute = (JsonObject) o;
      if (attribute.getString("key").equals(key)) {
        return attribute.getValue("value");
      }
    }
    return null;
  }
}
