package dev.hopscope.server.api.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Decodes Jaeger answers into {@link JaegerModel} and {@link JaegerV3Model} records as strictly as
 * a typed client: unknown keys fail, and a value of the wrong JSON type fails instead of being
 * converted (a number for a string, a string for a number, a float for an integer, null for a
 * primitive). The clients are JavaScript and would not fail themselves; they would show wrong data,
 * which is what these checks catch.
 */
final class JaegerDecoder {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(
              DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
              DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
              DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
              DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfigDefaults(
              config -> {
                for (CoercionInputShape shape :
                    new CoercionInputShape[] {
                      CoercionInputShape.Integer,
                      CoercionInputShape.Float,
                      CoercionInputShape.Boolean,
                      CoercionInputShape.String,
                      CoercionInputShape.EmptyString
                    }) {
                  config.setCoercion(shape, CoercionAction.Fail);
                }
                config.setAcceptBlankAsEmpty(false);
              })
          .build();

  private JaegerDecoder() {}

  static <T> T decode(String json, Class<T> type) throws JsonProcessingException {
    return MAPPER.readValue(json, type);
  }

  static <T> T decode(String json, TypeReference<T> type) throws JsonProcessingException {
    return MAPPER.readValue(json, type);
  }
}
