package dev.hopscope.model;

import java.util.Objects;

/** The entity that produced spans: {@code service.name}, host, region and the like. */
public record Resource(Attributes attributes, String schemaUrl, int droppedAttributesCount) {
  public static final String SERVICE_NAME = "service.name";

  /** The service name OTel SDKs report when none is configured. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  public static final Resource EMPTY = new Resource(Attributes.empty(), "", 0);

  public Resource {
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(schemaUrl, "schemaUrl");
  }

  public static Resource of(Attributes attributes) {
    return new Resource(attributes, "", 0);
  }

  /** {@code service.name} as text, or {@value #UNKNOWN_SERVICE} when absent. */
  public String serviceName() {
    AttributeValue value = attributes.get(SERVICE_NAME);
    return value == null ? UNKNOWN_SERVICE : value.asText();
  }
}
