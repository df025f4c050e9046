package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Zipkin v2 JSON as Zipkin's reporters and the OpenTelemetry exporters write it, read straight from
 * the bytes ({@link JsonByteCursor}) into the batch, with one span draft per request, and names,
 * keys and values that repeat the previous span's taken from it: the common request, valid and
 * plainly spelled, at the cost of one pass over its bytes.
 *
 * <p>It gives up — returns null, and {@link ZipkinJsonDecoder} reads the body again with its
 * general reader — on anything else: a span the general reader would reject, a field it does not
 * know, a null, a number that is not a plain integer, a string near a limit, a duplicate field, bad
 * JSON. So every message, count and leniency stays the general reader's, and this class only has to
 * agree with it on valid spans, which {@code ZipkinFastPathTest} checks field by field. The mapping
 * rules it shares with the general reader live in {@link ZipkinFields}.
 */
final class ZipkinJsonFastPath {
  /** Microseconds whose nanosecond value still fits a long (year 2262). */
  private static final long MAX_MICROS = Long.MAX_VALUE / 1000;

  /**
   * The longest string read here: longer ones are rare, and the general reader measures them (the
   * cap also stays below Jackson's 50,000-byte limit on names, so no tag key it refuses is taken).
   * Under a low limit, the cap leaves room for the {@code zipkin.tag.} prefix a key may get.
   */
  private static final int MAX_STRING_BYTES = 32 * 1024;

  private static final JsonMemberNames SPAN_FIELDS =
      new JsonMemberNames(
          "traceId",
          "id",
          "parentId",
          "name",
          "kind",
          "timestamp",
          "duration",
          "debug",
          "shared",
          "localEndpoint",
          "remoteEndpoint",
          "annotations",
          "tags");
  private static final int TRACE_ID = 0;
  private static final int ID = 1;
  private static final int PARENT_ID = 2;
  private static final int NAME = 3;
  private static final int KIND = 4;
  private static final int TIMESTAMP = 5;
  private static final int DURATION = 6;
  private static final int DEBUG = 7;
  private static final int SHARED = 8;
  private static final int LOCAL_ENDPOINT = 9;
  private static final int REMOTE_ENDPOINT = 10;
  private static final int ANNOTATIONS = 11;
  private static final int TAGS = 12;

  private static final JsonMemberNames ENDPOINT_FIELDS =
      new JsonMemberNames("serviceName", "ipv4", "ipv6", "port");
  private static final int SERVICE_NAME = 0;
  private static final int IPV4 = 1;
  private static final int IPV6 = 2;
  private static final int PORT = 3;

  private static final JsonMemberNames ANNOTATION_FIELDS =
      new JsonMemberNames("timestamp", "value");
  private static final int VALUE = 1;

  private static final byte[][] KINDS = ascii("CLIENT", "SERVER", "PRODUCER", "CONSUMER");
  private static final int[] KIND_NUMBERS = {
    SpanKind.CLIENT.number(),
    SpanKind.SERVER.number(),
    SpanKind.PRODUCER.number(),
    SpanKind.CONSUMER.number()
  };

  // Where a string is likely to repeat the previous span's (JsonByteCursor.string(int)): the local
  // service name (as text) and the remote one (as a value) never share a kind, so one place
  // serves both; tag keys and tag values count from FIRST_TAG_PLACE by their position. Places may
  // overlap (a span with over 30 tags): a guess is only taken when its bytes match.
  private static final int NAME_PLACE = 0;
  private static final int SERVICE_PLACE = 1;
  private static final int FIRST_TAG_PLACE = 2;
  private static final int TAG_VALUE_PLACES = JsonByteCursor.PLACES / 2;

  private final JsonByteCursor in;
  private final IngestLimits limits;
  private final SpanBatch.Builder batch = SpanBatch.builder();
  private final ZipkinIndexes indexes = new ZipkinIndexes(batch);
  private final SpanDraft span = new SpanDraft();
  private final int[] spanGuesses = SPAN_FIELDS.newGuesses();
  private final int[] endpointGuesses = ENDPOINT_FIELDS.newGuesses();
  private final int[] annotationGuesses = ANNOTATION_FIELDS.newGuesses();
  private final Map<String, String> statusTags = new LinkedHashMap<>();
  private final Map<String, String> scopeTags = new LinkedHashMap<>();
  private String serviceName = "";
  private final @Nullable TagMember[] tagMembers = new TagMember[JsonByteCursor.PLACES / 2];

  private ZipkinJsonFastPath(byte[] body, IngestLimits limits) {
    int limit = limits.maxAttributeValueLength() - ZipkinFields.TAG_PREFIX.length();
    this.in = new JsonByteCursor(body, Math.max(0, Math.min(limit, MAX_STRING_BYTES)));
    this.limits = limits;
  }

  /** The batch, or null if the general reader must decide (see the class comment). */
  static @Nullable DecodeResult decode(byte[] body, IngestLimits limits) {
    try {
      return new ZipkinJsonFastPath(body, limits).read();
    } catch (JsonByteCursor.Fallback e) {
      return null;
    }
  }

  private DecodeResult read() {
    in.beginArray();
    int count = 0;
    for (boolean more = in.firstElement(); more; more = in.nextElement()) {
      if (++count > limits.maxSpansPerRequest()) {
        throw JsonByteCursor.FALLBACK;
      }
      span();
    }
    in.end();
    return new Rejections().result(batch.build());
  }

  private void span() {
    in.beginObject();
    span.clear();
    span.kind = -1;
    serviceName = "";
    statusTags.clear();
    scopeTags.clear();
    long timestamp = 0;
    long duration = 0;
    long spanId = 0;
    long parentId = 0;
    int seen = 0;
    int field = -1;
    for (boolean more = in.firstMember(); more; more = in.nextMember()) {
      field = SPAN_FIELDS.read(in, field, spanGuesses);
      if ((seen & (1 << field)) != 0) {
        throw JsonByteCursor.FALLBACK; // which one wins is the general reader's rule
      }
      seen |= 1 << field;
      switch (field) {
        case TRACE_ID -> traceId();
        case ID -> spanId = spanId(false);
        case PARENT_ID -> parentId = spanId(true);
        case NAME -> span.name = in.string(NAME_PLACE);
        case KIND -> span.kind = kind();
        case TIMESTAMP -> timestamp = in.nonNegativeLong();
        case DURATION -> duration = in.nonNegativeLong();
        case DEBUG -> flag(ZipkinFields.DEBUG);
        case SHARED -> flag(ZipkinFields.SHARED);
        case LOCAL_ENDPOINT -> endpoint(true);
        case REMOTE_ENDPOINT -> endpoint(false);
        case ANNOTATIONS -> annotations();
        case TAGS -> tags();
        default -> throw new AssertionError(field);
      }
    }
    // The general reader's rules, for valid spans only: anything it would refuse falls back.
    if ((seen & (1 << TRACE_ID)) == 0 || (seen & (1 << ID)) == 0 || spanId == 0) {
      throw JsonByteCursor.FALLBACK;
    }
    if (timestamp <= 0 || timestamp > MAX_MICROS || duration > MAX_MICROS - timestamp) {
      throw JsonByteCursor.FALLBACK;
    }
    span.spanId(spanId);
    // Zipkin reads a parent equal to the span's own id as no parent ("circular dependency").
    span.parentSpanId = parentId == spanId ? 0 : parentId;
    if (span.kind < 0) {
      span.kind = SpanKind.INTERNAL.number();
    }
    span.startNanos = timestamp * 1000L;
    span.endNanos = span.startNanos + duration * 1000L;
    if (!statusTags.isEmpty() && ZipkinFields.applyStatus(span, statusTags)) {
      keepAsSent(statusTags);
    }
    InstrumentationScope scope = ZipkinFields.scope(scopeTags);
    if (ZipkinFields.keepScopeAsSent(scopeTags, scope)) {
      keepAsSent(scopeTags);
    }
    int resource = indexes.resource(serviceName);
    if (!span.appendTo(batch, resource, indexes.scope(scope), limits)) {
      throw JsonByteCursor.FALLBACK;
    }
  }

  /** 1 to 32 hex digits; 16 or fewer are a 64-bit id, left-padded as Zipkin does. */
  private void traceId() {
    in.raw();
    int length = in.length();
    if (length == 0 || length > 32) {
      throw JsonByteCursor.FALLBACK;
    }
    int split = Math.max(0, length - 16);
    long high = split == 0 ? 0 : in.hex(0, split);
    long low = in.hex(split, length);
    if (high == 0 && low == 0) {
      throw JsonByteCursor.FALLBACK;
    }
    span.traceId(high, low);
  }

  /** 1 to 16 hex digits; an empty parent id is no parent. */
  private long spanId(boolean parent) {
    in.raw();
    int length = in.length();
    if (length > 16 || (length == 0 && !parent)) {
      throw JsonByteCursor.FALLBACK;
    }
    return in.hex(0, length);
  }

  private int kind() {
    in.raw();
    if (in.length() == 0) {
      return -1;
    }
    for (int i = 0; i < KINDS.length; i++) {
      if (in.is(KINDS[i])) {
        return KIND_NUMBERS[i];
      }
    }
    throw JsonByteCursor.FALLBACK;
  }

  private void flag(String key) {
    // false is Zipkin's default and is not written back, so it need not be stored.
    if (in.bool()) {
      span.attribute(key, AttributeValue.of(true));
    }
  }

  private void endpoint(boolean local) {
    in.beginObject();
    String ipv4 = "";
    String ipv6 = "";
    int seen = 0;
    int field = -1;
    for (boolean more = in.firstMember(); more; more = in.nextMember()) {
      field = ENDPOINT_FIELDS.read(in, field, endpointGuesses);
      if ((seen & (1 << field)) != 0) {
        throw JsonByteCursor.FALLBACK;
      }
      seen |= 1 << field;
      switch (field) {
        case SERVICE_NAME -> {
          // Zipkin reads an empty service name as absent.
          if (local) {
            String service = in.string(SERVICE_PLACE);
            if (!service.isEmpty()) {
              serviceName = service;
            }
          } else {
            AttributeValue.StringValue service = in.stringValue(SERVICE_PLACE);
            if (!service.value().isEmpty()) {
              span.attribute(ZipkinFields.PEER_SERVICE, service);
            }
          }
        }
        case IPV4 -> ipv4 = in.string();
        case IPV6 -> ipv6 = in.string();
        case PORT -> {
          long port = in.nonNegativeLong();
          if (port > 0xFFFF) {
            throw JsonByteCursor.FALLBACK;
          }
          if (port > 0) {
            // Zipkin reads a zero port as absent.
            span.attribute(
                local ? ZipkinFields.LOCAL_PORT : ZipkinFields.PEER_PORT, AttributeValue.of(port));
          }
        }
        default -> throw new AssertionError(field);
      }
    }
    // OTel has one address per side; an IPv6 address next to an IPv4 one keeps a key of its own.
    String address = !ipv4.isEmpty() ? ipv4 : ipv6;
    if (!address.isEmpty()) {
      span.attribute(
          local ? ZipkinFields.LOCAL_ADDRESS : ZipkinFields.PEER_ADDRESS,
          AttributeValue.of(address));
    }
    if (!ipv4.isEmpty() && !ipv6.isEmpty()) {
      span.attribute(
          local ? ZipkinFields.LOCAL_IPV6 : ZipkinFields.REMOTE_IPV6, AttributeValue.of(ipv6));
    }
  }

  private void annotations() {
    in.beginArray();
    for (boolean more = in.firstElement(); more; more = in.nextElement()) {
      in.beginObject();
      long time = -1;
      String value = null;
      int field = -1;
      for (boolean member = in.firstMember(); member; member = in.nextMember()) {
        field = ANNOTATION_FIELDS.read(in, field, annotationGuesses);
        if (field == VALUE) {
          if (value != null) {
            throw JsonByteCursor.FALLBACK;
          }
          value = in.string();
        } else {
          if (time >= 0) {
            throw JsonByteCursor.FALLBACK;
          }
          time = in.nonNegativeLong();
        }
      }
      if (time < 0 || time > MAX_MICROS || value == null) {
        throw JsonByteCursor.FALLBACK;
      }
      if (++span.eventCount > limits.maxEventsPerSpan()) {
        throw JsonByteCursor.FALLBACK;
      }
      span.events.add(Event.of(time * 1000L, value));
    }
  }

  private void tags() {
    in.beginObject();
    int place = FIRST_TAG_PLACE;
    for (boolean more = in.firstMember(); more; more = in.nextMember(), place++) {
      // The same tag, key and value, as at this place of the previous span (a method, a status
      // code, a scope): the same bytes read the same, so its reading is replayed.
      TagMember same = place < tagMembers.length ? tagMembers[place] : null;
      if (same != null && in.skipIfSame(same.from, same.to)) {
        same.replay(this);
        continue;
      }
      int from = in.position();
      String key = in.nameText(place);
      if (!in.atString()) {
        throw JsonByteCursor.FALLBACK; // numbers are kept as their text by the general reader
      }
      TagMember member;
      if (!mayBeSpecial(key)) {
        member = new TagMember(TagMember.ATTRIBUTE, key, in.stringValue(place));
      } else if (ZipkinFields.STATUS_TAGS.contains(key)) {
        member = new TagMember(TagMember.STATUS, key, in.string(place + TAG_VALUE_PLACES));
      } else if (ZipkinFields.SCOPE_TAGS.contains(key)) {
        member = new TagMember(TagMember.SCOPE, key, in.string(place + TAG_VALUE_PLACES));
      } else {
        member =
            new TagMember(
                TagMember.ATTRIBUTE, ZipkinFields.attributeKey(key), in.stringValue(place));
      }
      member.replay(this);
      if (place < tagMembers.length) {
        member.from = from;
        member.to = in.position();
        tagMembers[place] = member;
      }
    }
  }

  /** A tag as read at one place of a span: where its bytes were, and what reading them did. */
  private static final class TagMember {
    static final int ATTRIBUTE = 0;
    static final int STATUS = 1;
    static final int SCOPE = 2;

    final int kind;
    final String key;
    final Object value;
    int from;
    int to;

    TagMember(int kind, String key, Object value) {
      this.kind = kind;
      this.key = key;
      this.value = value;
    }

    void replay(ZipkinJsonFastPath reader) {
      switch (kind) {
        case ATTRIBUTE -> reader.span.attribute(key, (AttributeValue) value);
        case STATUS -> reader.statusTags.put(key, (String) value);
        default -> reader.scopeTags.put(key, (String) value);
      }
    }
  }

  /**
   * The first letters of every tag name that is not stored under its own name (status, scope and
   * endpoint names, our {@code zipkin.} namespace): any other tag needs no set lookup.
   */
  private static final boolean[] SPECIAL_FIRST_CHAR = new boolean[128];

  static {
    SPECIAL_FIRST_CHAR['z'] = true; // ZipkinFields.attributeKey: "zipkin." + anything
    for (var names :
        java.util.List.of(
            ZipkinFields.STATUS_TAGS, ZipkinFields.SCOPE_TAGS, ZipkinFields.FIELD_KEYS)) {
      names.forEach(name -> SPECIAL_FIRST_CHAR[name.charAt(0)] = true);
    }
  }

  private static boolean mayBeSpecial(String key) {
    if (key.isEmpty()) {
      return false;
    }
    char c = key.charAt(0);
    return c >= 128 || SPECIAL_FIRST_CHAR[c];
  }

  private void keepAsSent(Map<String, String> tags) {
    tags.forEach(
        (key, value) -> span.attribute(ZipkinFields.TAG_PREFIX + key, AttributeValue.of(value)));
  }

  private static byte[][] ascii(String... names) {
    byte[][] bytes = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
    }
    return bytes;
  }
}
