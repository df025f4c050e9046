package dev.hopscope.server.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes Tempo's JSON answers into the test-only {@code tempopb} messages the way a strict
 * protobuf-JSON client does: an unknown or wrong-cased key anywhere fails, and so does a value of
 * the wrong JSON type.
 *
 * <p>{@link JsonFormat} alone is lenient where Go clients are not, so the raw JSON is walked too: a
 * string field must hold a string and a bool field a boolean (protobuf-java takes {@code 7} and
 * {@code "true"}; Go's protojson does not), and an integer field an integer: {@code 250.0} or
 * {@code 2.5e2} fails, as in Go's {@code encoding/json} behind gogo's jsonpb (tempo-cli). Go's
 * protojson would take whole floats, but a server writing floats for counts is still wrong.
 */
final class TempoDecoder {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private TempoDecoder() {}

  /** The answer as a message of the prototype's type; throws on any shape mistake. */
  @SuppressWarnings("unchecked")
  static <M extends Message> M decode(String json, M prototype)
      throws InvalidProtocolBufferException {
    Message.Builder builder = prototype.newBuilderForType();
    PARSER.merge(json, builder);
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    checkTypes(tree, prototype.getDescriptorForType(), "$");
    return (M) builder.build();
  }

  private static void checkTypes(JsonNode object, Descriptor type, String path)
      throws InvalidProtocolBufferException {
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      FieldDescriptor field = field(type, entry.getKey());
      if (field == null) {
        continue; // JsonFormat has rejected unknown keys already.
      }
      String at = path + "." + entry.getKey();
      JsonNode value = entry.getValue();
      if (field.isMapField()) {
        FieldDescriptor mapValue = field.getMessageType().findFieldByName("value");
        for (Map.Entry<String, JsonNode> item : value.properties()) {
          checkValue(item.getValue(), mapValue, at + "[" + item.getKey() + "]");
        }
      } else if (field.isRepeated() && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          checkValue(value.get(i), field, at + "[" + i + "]");
        }
      } else {
        checkValue(value, field, at);
      }
    }
  }

  private static void checkValue(JsonNode value, FieldDescriptor field, String path)
      throws InvalidProtocolBufferException {
    if (value.isNull()) {
      return; // null is the default value in protobuf JSON, for every type.
    }
    boolean fits =
        switch (field.getJavaType()) {
          case INT, LONG ->
              value.isIntegralNumber()
                  || value.isTextual() && INTEGER.matcher(value.textValue()).matches();
          case STRING, BYTE_STRING -> value.isTextual();
          case BOOLEAN -> value.isBoolean();
          case ENUM -> value.isTextual() || value.isIntegralNumber();
          case FLOAT, DOUBLE -> value.isNumber() || value.isTextual();
          case MESSAGE -> value.isObject();
        };
    if (!fits) {
      throw new InvalidProtocolBufferException(
          path + ": " + field.getJavaType() + " field " + field.getName() + " holds " + value);
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      checkTypes(value, field.getMessageType(), path);
    }
  }

  /** The field a JSON key names: its JSON name or its proto name, case-sensitively. */
  private static FieldDescriptor field(Descriptor type, String key) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(key) || field.getName().equals(key)) {
        return field;
      }
    }
    return null;
  }
}
