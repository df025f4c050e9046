package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads plain JSON straight from its UTF-8 bytes, for {@link ZipkinJsonFastPath}: names are
 * compared as bytes, ids and integers parsed from the bytes, strings decoded once per distinct
 * value in a request ({@link Utf8}'s cache). It reads only the JSON that senders write — strings
 * (with any escape JSON defines), non-negative integers without sign, fraction or exponent, true
 * and false — and throws {@link Fallback} on anything else (null, other numbers, escaped names,
 * control characters, bad UTF-8, a byte out of place), without saying why: the caller then hands
 * the whole body to the general reader, which either reads it or says exactly what is wrong and
 * where.
 */
final class JsonByteCursor {
  /**
   * "Not plain JSON, let the general reader decide." Control flow, not an error: preallocated and
   * without a stack trace, so bailing out costs nothing, and never seen outside the fast path.
   */
  static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Fallback() {
      super("not on the fast path", null, false, false);
    }
  }

  static final Fallback FALLBACK = new Fallback();

  private final byte[] in;
  private final int maxStringBytes;
  private final Utf8 utf8 = Utf8.ofThisThread();
  private final StringBuilder unescaped = new StringBuilder();
  private int pos;

  // The last string read, as [start, end) of the input, and whether it holds escapes.
  private int start;
  private int end;
  private boolean escaped;
  private boolean ascii;

  /**
   * @param maxStringBytes longer strings (as sent, escapes included) go to the general reader,
   *     which measures them against the limits and names them in its message
   */
  JsonByteCursor(byte[] in, int maxStringBytes) {
    this.in = in;
    this.maxStringBytes = maxStringBytes;
  }

  /** The next byte that is not JSON whitespace, not consumed. */
  private byte peek() {
    byte[] in = this.in;
    // Compact JSON, what reporters send: the next byte is already the token (every token's first
    // byte is above the space; whitespace, control and non-ASCII bytes take the loop).
    if (pos < in.length && in[pos] > ' ') {
      return in[pos];
    }
    for (int i = pos; i < in.length; i++) {
      byte b = in[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        pos = i;
        return b;
      }
    }
    throw FALLBACK;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw FALLBACK;
    }
    pos++;
  }

  void beginObject() {
    expect('{');
  }

  void beginArray() {
    expect('[');
  }

  /** Right after {@link #beginObject}: true if the object has a member (its name comes next). */
  boolean firstMember() {
    return first('}');
  }

  /** After a member's value: true if another member follows, false at the object's end. */
  boolean nextMember() {
    return next('}');
  }

  /** Right after {@link #beginArray}: true if the array has an element. */
  boolean firstElement() {
    return first(']');
  }

  /** After an element: true if another element follows, false at the array's end. */
  boolean nextElement() {
    return next(']');
  }

  private boolean first(char close) {
    if (peek() == close) {
      pos++;
      return false;
    }
    return true;
  }

  private boolean next(char close) {
    byte b = peek();
    pos++;
    if (b == ',') {
      return true;
    }
    if (b == close) {
      return false;
    }
    throw FALLBACK;
  }

  /** Reads a member name and its colon; compare it with {@link #is}. */
  void name() {
    raw();
    if (escaped) {
      throw FALLBACK;
    }
    expect(':');
  }

  /**
   * Reads a member name and its colon if it is {@code ascii}, without scanning for its end; false
   * (nothing read) otherwise.
   */
  boolean nameIs(byte[] ascii) {
    if (peek() != '"') {
      return false;
    }
    int from = pos + 1;
    int to = from + ascii.length;
    if (to >= in.length || in[to] != '"' || !Arrays.equals(in, from, to, ascii, 0, ascii.length)) {
      return false;
    }
    start = from;
    end = to;
    escaped = false;
    pos = to + 1;
    expect(':');
    return true;
  }

  /** Where the next token starts (whitespace skipped). */
  int position() {
    peek();
    return pos;
  }

  /**
   * Skips the next {@code to - from} bytes if they are the bytes {@code [from, to)} read earlier:
   * the same JSON text reads the same, so a caller that remembers what reading it did can replay
   * that instead. False (nothing read) otherwise.
   */
  boolean skipIfSame(int from, int to) {
    int length = to - from;
    int at = position();
    if (length <= 0
        || at + length > in.length
        || !Arrays.equals(in, at, at + length, in, from, to)) {
      return false;
    }
    pos = at + length;
    return true;
  }

  /** The last byte of the last string read, which must not be empty. */
  byte lastByte() {
    return in[end - 1];
  }

  /** A member name that is data (a tag key), escapes allowed, and its colon. */
  String nameText() {
    String name = string();
    expect(':');
    return name;
  }

  /** True if the last name or string read is exactly {@code ascii} (no escapes). */
  boolean is(byte[] ascii) {
    return !escaped && Arrays.equals(in, start, end, ascii, 0, ascii.length);
  }

  /** The length in bytes of the last string read, as sent. */
  int length() {
    return end - start;
  }

  /** True if the next value is a string (not a number, literal or structure). */
  boolean atString() {
    return peek() == '"';
  }

  /** Reads a string without decoding it: {@link #is}, {@link #hex}, {@link #text} look at it. */
  void raw() {
    if (peek() != '"') {
      throw FALLBACK;
    }
    byte[] in = this.in;
    int i = pos + 1;
    boolean escapes = false;
    long highBits = 0; // of every byte looked at: a few past the end too, which only costs speed
    while (true) {
      if (i + Long.BYTES <= in.length) {
        long bytes = (long) LITTLE_ENDIAN_LONG.get(in, i);
        highBits |= bytes;
        long found = special(bytes);
        if (found == 0) {
          i += Long.BYTES;
          continue;
        }
        i += Long.numberOfTrailingZeros(found) >>> 3;
      } else if (i >= in.length) {
        throw FALLBACK;
      }
      byte b = in[i];
      highBits |= b;
      if (b == '"') {
        break;
      }
      if (b == '\\') {
        escapes = true;
        i += 2; // whatever is escaped, it does not end the string; unescape() checks it
      } else if (b >= 0 && b < 0x20) {
        throw FALLBACK; // JSON wants control characters escaped
      } else {
        i++; // only near the end of the body, where fewer than eight bytes are left
      }
    }
    if (i - pos - 1 > maxStringBytes) {
      throw FALLBACK;
    }
    start = pos + 1;
    end = i;
    escaped = escapes;
    ascii = (highBits & HIGH_BITS) == 0;
    pos = i + 1;
  }

  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * The high bit of each of eight bytes (little-endian) that ends a string, starts an escape or is
   * a control character, so strings are scanned eight bytes at a time. These are the "has a zero
   * byte" and "has a byte less than n" bit tricks: a borrow can mark bytes above a match, never
   * below, so the lowest bit set is the first match.
   */
  private static long special(long bytes) {
    long quote = bytes ^ 0x2222222222222222L;
    long backslash = bytes ^ 0x5C5C5C5C5C5C5C5CL;
    long found =
        ((quote - ONES) & ~quote)
            | ((backslash - ONES) & ~backslash)
            | ((bytes - 0x20 * ONES) & ~bytes);
    return found & HIGH_BITS;
  }

  /**
   * A string that is likely to repeat the one read at the same place of the previous span (a tag
   * key, a service name): if the bytes match that one's, which was plain, it is returned without
   * scanning or decoding. {@code place} is the caller's numbering, below {@link #PLACES}.
   */
  String string(int place) {
    if (place >= PLACES) {
      return string();
    }
    if (sameAsRemembered(place)) {
      return (String) rememberedText[place];
    }
    String text = string();
    remember(place, text);
    return text;
  }

  /** {@link #string(int)} for attribute values; they live in their own places. */
  AttributeValue.StringValue stringValue(int place) {
    if (place >= PLACES) {
      return stringValue();
    }
    int at = place + PLACES;
    if (sameAsRemembered(at)) {
      return (AttributeValue.StringValue) rememberedText[at];
    }
    // Not the previous span's value: most such values are ids, sizes, addresses that seldom come
    // again, so the string cache would cost more (hashing, comparing, copying) than it saves.
    raw();
    String text =
        escaped
            ? unescape()
            : ascii ? new String(in, start, end - start, StandardCharsets.ISO_8859_1) : text();
    AttributeValue.StringValue value = new AttributeValue.StringValue(text);
    remember(at, value);
    return value;
  }

  /** A member name that is data (a tag key), as {@link #string(int)}, and its colon. */
  String nameText(int place) {
    String name = string(place);
    expect(':');
    return name;
  }

  static final int PLACES = 64;
  private final int[] rememberedStart = new int[2 * PLACES];
  private final int[] rememberedLength = new int[2 * PLACES];
  private final Object[] rememberedText = new Object[2 * PLACES];

  {
    Arrays.fill(rememberedLength, -1);
  }

  private boolean sameAsRemembered(int at) {
    int length = rememberedLength[at];
    if (length < 0 || peek() != '"') {
      return false;
    }
    int from = pos + 1;
    int to = from + length;
    int was = rememberedStart[at];
    if (to >= in.length || in[to] != '"' || !Arrays.equals(in, from, to, in, was, was + length)) {
      return false;
    }
    start = from;
    end = to;
    escaped = false;
    pos = to + 1;
    return true;
  }

  private void remember(int at, Object text) {
    if (!escaped) {
      rememberedStart[at] = start;
      rememberedLength[at] = end - start;
      rememberedText[at] = text;
    }
  }

  String string() {
    raw();
    return text();
  }

  AttributeValue.StringValue stringValue() {
    raw();
    if (escaped) {
      return new AttributeValue.StringValue(unescape());
    }
    AttributeValue.StringValue value = utf8.decodeValue(in, start, end - start);
    if (value == null) {
      throw FALLBACK;
    }
    return value;
  }

  /** The last string read, decoded. */
  String text() {
    if (escaped) {
      return unescape();
    }
    String text = utf8.decode(in, start, end - start);
    if (text == null) {
      throw FALLBACK;
    }
    return text;
  }

  /** Hex digits {@code [from, to)} of the last string read (at most 16), either case. */
  long hex(int from, int to) {
    if (escaped) {
      throw FALLBACK;
    }
    byte[] in = this.in;
    long value = 0;
    int invalid = 0;
    for (int i = start + from, last = start + to; i < last; i++) {
      int digit = HEX_DIGITS[in[i] & 0xFF];
      invalid |= digit;
      value = (value << 4) | (digit & 0xF);
    }
    if (invalid < 0) {
      throw FALLBACK;
    }
    return value;
  }

  /** A byte's value as a hex digit, either case; -1 for any other byte. */
  private static final int[] HEX_DIGITS = new int[256];

  static {
    Arrays.fill(HEX_DIGITS, -1);
    for (int c = 0; c < 256; c++) {
      int digit = Character.digit(c, 16);
      if (c < 128 && digit >= 0) {
        HEX_DIGITS[c] = digit;
      }
    }
  }

  /** A non-negative integer of at most 18 digits, written plainly (no sign, point or exponent). */
  long nonNegativeLong() {
    byte[] in = this.in;
    if (peek() == '0') {
      endOfValue(pos + 1); // "0", but not "01": JSON has no leading zeros
      return 0;
    }
    int first = pos;
    int i = first;
    long value = 0;
    while (i < in.length && in[i] >= '0' && in[i] <= '9') {
      value = value * 10 + (in[i] - '0');
      i++;
    }
    if (i == first || i - first > 18) {
      throw FALLBACK;
    }
    endOfValue(i);
    return value;
  }

  boolean bool() {
    byte b = peek();
    if (b == 't' && matches(TRUE)) {
      endOfValue(pos + TRUE.length);
      return true;
    }
    if (b == 'f' && matches(FALSE)) {
      endOfValue(pos + FALSE.length);
      return false;
    }
    throw FALLBACK;
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private boolean matches(byte[] literal) {
    return pos + literal.length <= in.length
        && Arrays.equals(in, pos, pos + literal.length, literal, 0, literal.length);
  }

  /** A number or literal ends where a separator or whitespace begins ("1.5", "0x1", "truer"). */
  private void endOfValue(int after) {
    if (after >= in.length) {
      throw FALLBACK;
    }
    byte b = in[after];
    if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
      throw FALLBACK;
    }
    pos = after;
  }

  /** Only whitespace may follow the document. */
  void end() {
    for (int i = pos; i < in.length; i++) {
      byte b = in[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        throw FALLBACK;
      }
    }
  }

  private String unescape() {
    return JsonEscapes.unescape(in, start, end, utf8, unescaped);
  }
}
