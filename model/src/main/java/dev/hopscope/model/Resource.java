package dev.hopscope.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entity that produced spans: {@code service.name}, host, region and the like.
 *
 * <p>A value with the accessors of a record. It is a class so that it can remember its service and
 * host names: a block writer's span cells, the service-graph digest and the span metrics ask every
 * span for them, and the map lookups behind them were several per cent of ingest.
 */
public final class Resource {
  public static final String SERVICE_NAME = "service.name";

  public static final String HOST_NAME = "host.name";

  /** The service name OTel SDKs report when none is configured. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  public static final Resource EMPTY = new Resource(Attributes.empty(), "", 0);

  private final Attributes attributes;
  private final String schemaUrl;
  private final int droppedAttributesCount;

  /** The semantic-convention attributes every span is asked for, read from the map once. */
  private record Known(@Nullable AttributeValue service, String serviceName, String hostName) {}

  // Computed on first use; a benign race, as String.hash: every thread computes an equal value,
  // and a record's final fields are safely published.
  private @Nullable Known known;

  public Resource(Attributes attributes, String schemaUrl, int droppedAttributesCount) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.schemaUrl = Objects.requireNonNull(schemaUrl, "schemaUrl");
    this.droppedAttributesCount = droppedAttributesCount;
  }

  public static Resource of(Attributes attributes) {
    return new Resource(attributes, "", 0);
  }

  public Attributes attributes() {
    return attributes;
  }

  public String schemaUrl() {
    return schemaUrl;
  }

  public int droppedAttributesCount() {
    return droppedAttributesCount;
  }

  /** {@code service.name} as text, or {@value #UNKNOWN_SERVICE} when absent. */
  public String serviceName() {
    return known().serviceName();
  }

  /** The {@code service.name} attribute as sent, or null when absent. */
  public @Nullable AttributeValue serviceNameValue() {
    return known().service();
  }

  /** {@code host.name} as text, or "" when absent. */
  public String hostName() {
    return known().hostName();
  }

  private Known known() {
    Known read = known;
    if (read == null) {
      AttributeValue service = attributes.get(SERVICE_NAME);
      AttributeValue host = attributes.get(HOST_NAME);
      read =
          new Known(
              service,
              service == null ? UNKNOWN_SERVICE : service.asText(),
              host == null ? "" : host.asText());
      known = read;
    }
    return read;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || other instanceof Resource that
            && droppedAttributesCount == that.droppedAttributesCount
            && schemaUrl.equals(that.schemaUrl)
            && attributes.equals(that.attributes);
  }

  @Override
  public int hashCode() {
    return (31 * attributes.hashCode() + schemaUrl.hashCode()) * 31 + droppedAttributesCount;
  }

  @Override
  public String toString() {
    return "Resource[attributes="
        + attributes
        + ", schemaUrl="
        + schemaUrl
        + ", droppedAttributesCount="
        + droppedAttributesCount
        + "]";
  }
}
