package dev.hopscope.otlp;

import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.StatusCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each Zipkin v2 field lives among OpenTelemetry attributes, shared by the decoder and the
 * encoder so that a Zipkin span comes back out exactly as it went in.
 *
 * <p>Endpoint fields take the OpenTelemetry names (remote service → {@code peer.service}) because
 * queries and the hop analysis read those. A tag with one of those names — the OTel Java SDK's
 * Zipkin exporter sends {@code peer.service} both as the remote endpoint and as a tag — or with a
 * name in our {@code zipkin.} namespace is stored as {@code zipkin.tag.<name>}: field and tag then
 * never overwrite each other, and the encoder strips the prefix again. The rule is closed: a tag
 * named {@code zipkin.tag.x} becomes {@code zipkin.tag.zipkin.tag.x} and comes back as sent.
 *
 * <p>Tags that become the span's status ({@code error}, {@code otel.status_code}, {@code
 * otel.status_description}) or its scope ({@code otel.scope.*}, {@code otel.library.*}) are rebuilt
 * by the encoder from the status and the scope. When the rebuilt tags would differ from the ones
 * sent (an empty {@code error}, the OTel exporter's {@code otel.status_code} next to {@code
 * error}), the sent tags are also kept under {@code zipkin.tag.}, and the encoder writes them
 * instead of rebuilding.
 */
final class ZipkinFields {
  static final String SHARED = "zipkin.shared";
  static final String DEBUG = "zipkin.debug";
  static final String PEER_ADDRESS = "network.peer.address";
  static final String PEER_PORT = "network.peer.port";
  static final String PEER_SERVICE = "peer.service";
  static final String LOCAL_ADDRESS = "network.local.address";
  static final String LOCAL_PORT = "network.local.port";

  /** An endpoint's IPv6 address when it also has an IPv4 one (OTel has one address per side). */
  static final String LOCAL_IPV6 = "zipkin.localEndpoint.ipv6";

  static final String REMOTE_IPV6 = "zipkin.remoteEndpoint.ipv6";

  static final String TAG_PREFIX = "zipkin.tag.";
  static final String ERROR = "error";
  static final String STATUS_CODE = "otel.status_code";
  static final String STATUS_DESCRIPTION = "otel.status_description";
  static final String SCOPE_NAME = "otel.scope.name";
  static final String SCOPE_VERSION = "otel.scope.version";
  static final String LIBRARY_NAME = "otel.library.name";
  static final String LIBRARY_VERSION = "otel.library.version";

  /** Attributes the encoder writes as endpoint fields or flags, never as tags. */
  static final Set<String> FIELD_KEYS =
      Set.of(
          PEER_SERVICE,
          PEER_ADDRESS,
          PEER_PORT,
          LOCAL_ADDRESS,
          LOCAL_PORT,
          LOCAL_IPV6,
          REMOTE_IPV6,
          SHARED,
          DEBUG);

  static final Set<String> STATUS_TAGS = Set.of(ERROR, STATUS_CODE, STATUS_DESCRIPTION);
  static final Set<String> SCOPE_TAGS =
      Set.of(SCOPE_NAME, SCOPE_VERSION, LIBRARY_NAME, LIBRARY_VERSION);

  private ZipkinFields() {}

  /** The attribute a plain tag (not a status or scope tag) is stored under. */
  static String attributeKey(String tag) {
    return FIELD_KEYS.contains(tag) || tag.startsWith("zipkin.") ? TAG_PREFIX + tag : tag;
  }

  /**
   * Sets the span's status from the status tags sent ({@code error} wins over {@code
   * otel.status_code}); true if the tags sent are not what the encoder would rebuild from that
   * status, so they must be kept as sent as well.
   */
  static boolean applyStatus(SpanDraft span, Map<String, String> sent) {
    String error = sent.get(ERROR);
    String code = sent.get(STATUS_CODE);
    String description = sent.getOrDefault(STATUS_DESCRIPTION, "");
    if (error != null) {
      span.statusCode = StatusCode.ERROR.number();
      span.statusMessage = error.equals("true") || error.isEmpty() ? description : error;
    } else if ("ERROR".equals(code)) {
      span.statusCode = StatusCode.ERROR.number();
      span.statusMessage = description;
    } else if ("OK".equals(code)) {
      span.statusCode = StatusCode.OK.number();
    }
    // No status tags: UNSET, as the encoder writes it (nothing), so nothing to keep.
    return !sent.isEmpty() && !sent.equals(statusTags(span.statusCode, span.statusMessage));
  }

  /** The scope the scope tags sent name ({@code otel.scope.*}, else {@code otel.library.*}). */
  static InstrumentationScope scope(Map<String, String> sent) {
    return InstrumentationScope.of(
        first(sent, SCOPE_NAME, LIBRARY_NAME), first(sent, SCOPE_VERSION, LIBRARY_VERSION));
  }

  /** True if the scope tags sent are not what the encoder would rebuild from {@code scope}. */
  static boolean keepScopeAsSent(Map<String, String> sent, InstrumentationScope scope) {
    // The common case without building the tags to compare: otel.scope.* alone, none empty, is
    // exactly what the encoder writes back.
    if (!sent.containsKey(LIBRARY_NAME)
        && !sent.containsKey(LIBRARY_VERSION)
        && !sent.containsValue("")) {
      return false;
    }
    return !sent.isEmpty() && !sent.equals(scopeTags(scope));
  }

  private static String first(Map<String, String> sent, String key, String legacyKey) {
    String value = sent.get(key);
    return value != null ? value : sent.getOrDefault(legacyKey, "");
  }

  /** The status tags the encoder writes: Zipkin's {@code error} tag, or OK as OTel writes it. */
  static Map<String, String> statusTags(int code, String message) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (code == StatusCode.ERROR.number()) {
      // Zipkin's convention: the error tag holds the message, or "true" when there is none.
      tags.put(ERROR, message.isEmpty() ? "true" : message);
    } else if (code == StatusCode.OK.number()) {
      tags.put(STATUS_CODE, "OK");
    }
    return tags;
  }

  /** The scope tags the encoder writes. */
  static Map<String, String> scopeTags(InstrumentationScope scope) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (!scope.name().isEmpty()) {
      tags.put(SCOPE_NAME, scope.name());
    }
    if (!scope.version().isEmpty()) {
      tags.put(SCOPE_VERSION, scope.version());
    }
    return tags;
  }

  /** True if the attributes keep any of {@code group} as sent, so the encoder must not rebuild. */
  static boolean keptAsSent(Map<String, ?> attributes, Set<String> group) {
    for (String tag : group) {
      if (attributes.containsKey(TAG_PREFIX + tag)) {
        return true;
      }
    }
    return false;
  }
}
