package dev.hopscope.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entity that produced spans: {@code service.name}, host, region and the like.
 *
 * <p>A value with the accessors of a record. It is a class so that it can remember its service
 * name: a block writer, the span cells and the service-graph digest ask every span for it, and the
 * map lookup behind it was several per cent of ingest.
 */
public final class Resource {
  public static final String SERVICE_NAME = "service.name";

  /** The service name OTel SDKs report when none is configured. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  public static final Resource EMPTY = new Resource(Attributes.empty(), "", 0);

  private final Attributes attributes;
  private final String schemaUrl;
  private final int droppedAttributesCount;

  // Computed on first use; a benign race, as String.hash: every thread computes the same String.
  private @Nullable String serviceName;

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
    String name = serviceName;
    if (name == null) {
      AttributeValue value = attributes.get(SERVICE_NAME);
      name = value == null ? UNKNOWN_SERVICE : value.asText();
      serviceName = name;
    }
    return name;
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
