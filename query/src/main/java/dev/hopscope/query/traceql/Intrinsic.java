package dev.hopscope.query.traceql;

import java.util.Map;
import java.util.Optional;

/** The fields every span or trace has, addressed by name rather than as attributes. */
public enum Intrinsic {
  NAME("name", StaticType.STRING),
  STATUS("status", StaticType.STATUS),
  STATUS_MESSAGE("statusMessage", StaticType.STRING),
  KIND("kind", StaticType.KIND),
  DURATION("duration", StaticType.DURATION),
  ROOT_NAME("rootName", StaticType.STRING),
  ROOT_SERVICE_NAME("rootServiceName", StaticType.STRING),
  TRACE_DURATION("traceDuration", StaticType.DURATION),
  TRACE_ID("trace:id", StaticType.STRING),
  SPAN_ID("span:id", StaticType.STRING),
  PARENT_ID("span:parentID", StaticType.STRING),
  INSTRUMENTATION_NAME("instrumentation:name", StaticType.STRING),
  INSTRUMENTATION_VERSION("instrumentation:version", StaticType.STRING),
  CHILD_COUNT("span:childCount", StaticType.INT),
  EVENT_NAME("event:name", StaticType.STRING),
  EVENT_TIME_SINCE_START("event:timeSinceStart", StaticType.DURATION),
  LINK_TRACE_ID("link:traceID", StaticType.STRING),
  LINK_SPAN_ID("link:spanID", StaticType.STRING),
  /** Tempo's nested-set numbering of the span tree: see {@code NestedSets} in the engine. */
  NESTED_SET_LEFT("nestedSetLeft", StaticType.INT),
  NESTED_SET_RIGHT("nestedSetRight", StaticType.INT),
  NESTED_SET_PARENT("nestedSetParent", StaticType.INT);

  private static final Map<String, Intrinsic> UNSCOPED =
      Map.ofEntries(
          Map.entry("name", NAME),
          Map.entry("status", STATUS),
          Map.entry("statusMessage", STATUS_MESSAGE),
          Map.entry("kind", KIND),
          Map.entry("duration", DURATION),
          Map.entry("rootName", ROOT_NAME),
          Map.entry("rootServiceName", ROOT_SERVICE_NAME),
          Map.entry("traceDuration", TRACE_DURATION),
          Map.entry("nestedSetLeft", NESTED_SET_LEFT),
          Map.entry("nestedSetRight", NESTED_SET_RIGHT),
          Map.entry("nestedSetParent", NESTED_SET_PARENT));

  private static final Map<String, Intrinsic> SCOPED =
      Map.ofEntries(
          Map.entry("span:name", NAME),
          Map.entry("span:status", STATUS),
          Map.entry("span:statusMessage", STATUS_MESSAGE),
          Map.entry("span:kind", KIND),
          Map.entry("span:duration", DURATION),
          Map.entry("span:id", SPAN_ID),
          Map.entry("span:parentID", PARENT_ID),
          Map.entry("trace:rootName", ROOT_NAME),
          Map.entry("trace:rootService", ROOT_SERVICE_NAME),
          Map.entry("trace:duration", TRACE_DURATION),
          Map.entry("trace:id", TRACE_ID),
          Map.entry("instrumentation:name", INSTRUMENTATION_NAME),
          Map.entry("instrumentation:version", INSTRUMENTATION_VERSION),
          Map.entry("span:childCount", CHILD_COUNT),
          Map.entry("event:name", EVENT_NAME),
          Map.entry("event:timeSinceStart", EVENT_TIME_SINCE_START),
          Map.entry("link:traceID", LINK_TRACE_ID),
          Map.entry("link:spanID", LINK_SPAN_ID),
          // Ours: Tempo spells these unscoped only; the normalised form is unscoped.
          Map.entry("span:nestedSetLeft", NESTED_SET_LEFT),
          Map.entry("span:nestedSetRight", NESTED_SET_RIGHT),
          Map.entry("span:nestedSetParent", NESTED_SET_PARENT));

  private final String text;
  private final StaticType type;

  Intrinsic(String text, StaticType type) {
    this.text = text;
    this.type = type;
  }

  /** The normalised spelling: unscoped where TraceQL has an unscoped name. */
  public String text() {
    return text;
  }

  public StaticType type() {
    return type;
  }

  /** True for fields of the whole trace rather than of one span. */
  public boolean isTraceLevel() {
    return this == ROOT_NAME
        || this == ROOT_SERVICE_NAME
        || this == TRACE_DURATION
        || this == TRACE_ID;
  }

  /** True for fields of one of the span's events: a filter matches when some event satisfies it. */
  public boolean isEventField() {
    return this == EVENT_NAME || this == EVENT_TIME_SINCE_START;
  }

  /** True for fields of one of the span's links: a filter matches when some link satisfies it. */
  public boolean isLinkField() {
    return this == LINK_TRACE_ID || this == LINK_SPAN_ID;
  }

  static Optional<Intrinsic> unscoped(String name) {
    return Optional.ofNullable(UNSCOPED.get(name));
  }

  static Optional<Intrinsic> scoped(String scope, String name) {
    return Optional.ofNullable(SCOPED.get(scope + ":" + name));
  }
}
