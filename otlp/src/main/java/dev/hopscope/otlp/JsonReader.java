package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads over a Jackson streaming parser with the leniency of protobuf's JSON mapping: 64-bit
 * integers as numbers or strings, doubles as numbers or "NaN"/"Infinity", null as the default, and
 * snake_case field names as well as lowerCamelCase. A value of the wrong type refuses the request
 * with a message naming the field and its position.
 *
 * <p>Every {@code path} names the value read, for messages only: any object whose {@code
 * toString()} spells it, so a decoder can pass one that builds the text only when a message needs
 * it (building it for every field of every span cost more than the parsing).
 */
final class JsonReader {
  static final JsonFactory FACTORY = new JsonFactory();
  private static final BigInteger UNSIGNED_64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final JsonParser parser;
  private final String format;

  JsonReader(JsonParser parser, String format) {
    this.parser = parser;
    this.format = format;
  }

  JsonToken next() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw malformed("the body ends early", "send a complete JSON document");
    }
    return token;
  }

  JsonToken current() {
    return parser.currentToken();
  }

  /**
   * Moves to the value of the next field of the current object and returns the field's name in
   * lowerCamelCase; null at the end of the object.
   */
  @Nullable String nextField() throws IOException {
    String name = nextKey();
    return name == null || name.indexOf('_') < 0 ? name : camel(name);
  }

  /** Like {@link #nextField} for objects whose keys are data (Zipkin tags): names kept as sent. */
  @Nullable String nextKey() throws IOException {
    JsonToken token = next();
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    String name = parser.currentName();
    next();
    return name;
  }

  /** Checks that the current token starts an object; false for null (an absent message). */
  boolean object(Object path) {
    if (current() == JsonToken.VALUE_NULL) {
      return false;
    }
    if (current() != JsonToken.START_OBJECT) {
      throw typeError(path, "an object");
    }
    return true;
  }

  /** Checks that the current token starts an array; false for null (an empty list). */
  boolean array(Object path) {
    if (current() == JsonToken.VALUE_NULL) {
      return false;
    }
    if (current() != JsonToken.START_ARRAY) {
      throw typeError(path, "an array");
    }
    return true;
  }

  /** Moves into the next array element; false at the end of the array. */
  boolean nextElement() throws IOException {
    return next() != JsonToken.END_ARRAY;
  }

  void skip() throws IOException {
    parser.skipChildren();
  }

  String string(Object path) throws IOException {
    return switch (current()) {
      case VALUE_STRING -> requireUnicode(parser.getText(), path);
      case VALUE_NULL -> "";
      default -> throw typeError(path, "a string");
    };
  }

  /**
   * JSON escapes can spell half a surrogate pair ("\ud800"), which no UTF-8 encoding can store:
   * keeping it would turn it into '?' later, silently. Such text is refused like invalid UTF-8.
   */
  private String requireUnicode(String text, Object path) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw malformed(
              path + " holds an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")",
              "send valid Unicode text");
        }
        i++;
      }
    }
    return text;
  }

  boolean bool(Object path) {
    return switch (current()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw typeError(path, "true or false");
    };
  }

  /** An int64 (or, if {@code unsigned}, a fixed64/uint64) as a JSON number or decimal string. */
  long int64(Object path, boolean unsigned) throws IOException {
    // Nearly every integer fits a long: read it as one, without a BigInteger.
    if (current() == JsonToken.VALUE_NUMBER_INT
        && (parser.getNumberType() == JsonParser.NumberType.INT
            || parser.getNumberType() == JsonParser.NumberType.LONG)) {
      long value = parser.getLongValue();
      if (unsigned && value < 0) {
        throw typeError(path, "an unsigned 64-bit integer");
      }
      return value;
    }
    BigInteger value;
    try {
      value =
          switch (current()) {
            case VALUE_NUMBER_INT -> parser.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> integral(parser.getDecimalValue(), path, unsigned);
            case VALUE_STRING -> integral(new BigDecimal(parser.getText().trim()), path, unsigned);
            case VALUE_NULL -> BigInteger.ZERO;
            default -> throw typeError(path, "an integer (a number or a decimal string)");
          };
    } catch (ArithmeticException | NumberFormatException e) {
      throw typeError(path, "an integer (a number or a decimal string)");
    }
    BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.valueOf(Long.MIN_VALUE);
    BigInteger max = unsigned ? UNSIGNED_64_MAX : BigInteger.valueOf(Long.MAX_VALUE);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw typeError(path, unsigned ? "an unsigned 64-bit integer" : "a signed 64-bit integer");
    }
    return value.longValue();
  }

  /**
   * The integer a decimal such as {@code 1.7e18} denotes. The exponent is checked before the
   * conversion: {@code toBigIntegerExact} on {@code 17000E48710182} computes a power of ten with
   * millions of digits and took 15 s per span (found by DecoderFuzzTest).
   */
  private BigInteger integral(BigDecimal decimal, Object path, boolean unsigned) {
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.signum() == 0) {
      return BigInteger.ZERO;
    }
    if (stripped.scale() > 0) {
      throw typeError(path, "an integer (a number or a decimal string)");
    }
    // 2^64 has 20 digits: anything with more before the point is out of range for any int64.
    if (stripped.precision() - stripped.scale() > 20) {
      throw typeError(path, unsigned ? "an unsigned 64-bit integer" : "a signed 64-bit integer");
    }
    return stripped.toBigIntegerExact();
  }

  /** A uint32 or fixed32; returned as its 32 bits. */
  int uint32(Object path) throws IOException {
    long value = int64(path, false);
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw typeError(path, "an unsigned 32-bit integer");
    }
    return (int) value;
  }

  double doubleValue(Object path) throws IOException {
    return switch (current()) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_NULL -> 0;
      case VALUE_STRING -> {
        String text = parser.getText().trim();
        try {
          yield switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
          };
        } catch (NumberFormatException e) {
          throw typeError(path, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
        }
      }
      default -> throw typeError(path, "a number");
    };
  }

  /** Base64, standard or URL-safe alphabet, as protobuf's JSON parser accepts. */
  byte[] bytes(Object path) throws IOException {
    String text = string(path);
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException standard) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException urlSafe) {
        throw typeError(path, "base64 bytes");
      }
    }
  }

  /**
   * An enum as its number or its name; {@link Integer#MIN_VALUE} for a name not in {@code names}
   * (the caller rejects the span, not the request).
   */
  int enumValue(Object path, Map<String, Integer> names) throws IOException {
    if (current() == JsonToken.VALUE_STRING) {
      Integer number = names.get(parser.getText());
      return number == null ? Integer.MIN_VALUE : number;
    }
    long value = int64(path, false);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw typeError(path, "a 32-bit enum number or name");
    }
    return (int) value;
  }

  String text() throws IOException {
    return parser.getText();
  }

  MalformedRequestException typeError(Object path, String expected) {
    String found;
    try {
      found = current() == null ? "nothing" : current() + " " + MessageText.quote(parser.getText());
    } catch (IOException e) {
      found = String.valueOf(current());
    }
    return malformed(
        path + " must be " + expected + ", found " + found,
        "send " + format + " with the types its mapping defines");
  }

  MalformedRequestException malformed(String problem, String fix) {
    JsonLocation at = parser.currentLocation();
    return new MalformedRequestException(
        RejectReason.MALFORMED_JSON,
        "request body is not valid "
            + format
            + ": "
            + problem
            + " (line "
            + at.getLineNr()
            + ", column "
            + at.getColumnNr()
            + "); "
            + fix);
  }

  /** A parse error from Jackson itself: the bytes are not JSON. */
  static MalformedRequestException notJson(JsonProcessingException e, String format) {
    JsonLocation at = e.getLocation();
    String where =
        at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return new MalformedRequestException(
        RejectReason.MALFORMED_JSON,
        "request body is not valid JSON: "
            + e.getOriginalMessage()
            + where
            + "; send "
            + format
            + " encoded as UTF-8",
        e);
  }

  /**
   * Bytes that are not text in the encoding Jackson detected from the first four bytes (UTF-8,
   * UTF-16 or UTF-32): Jackson reports these as a plain {@link java.io.CharConversionException}.
   */
  static MalformedRequestException notText(java.io.CharConversionException e, String format) {
    return new MalformedRequestException(
        RejectReason.MALFORMED_JSON,
        "request body is not valid JSON text: "
            + e.getMessage()
            + "; send "
            + format
            + " encoded as UTF-8",
        e);
  }

  /** snake_case to lowerCamelCase, as protobuf's JSON parser accepts both. */
  static String camel(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
