package dev.hopscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceTest {
  @Test
  void namesComeFromTheAttributesWithTheConventionsDefaults() {
    Resource shop =
        Resource.of(
            Attributes.builder()
                .put("service.name", AttributeValue.of("webapp"))
                .put("host.name", AttributeValue.of("node-1"))
                .build());
    Resource bare = Resource.EMPTY;
    Resource numbered = Resource.of(Attributes.of("service.name", AttributeValue.of(42L)));

    assertThat(shop.serviceName()).isEqualTo("webapp");
    assertThat(shop.hostName()).isEqualTo("node-1");
    assertThat(shop.serviceNameValue()).isEqualTo(AttributeValue.of("webapp"));
    assertThat(bare.serviceName()).isEqualTo(Resource.UNKNOWN_SERVICE);
    assertThat(bare.hostName()).isEmpty();
    assertThat(bare.serviceNameValue()).isNull();
    assertThat(numbered.serviceName()).isEqualTo("42");
  }

  @Test
  void equalityAndHashAreThoseOfARecordOfItsThreeFields() {
    Attributes attributes = Attributes.of("service.name", AttributeValue.of("auth"));
    Resource a = new Resource(attributes, "https://opentelemetry.io/schemas/1.26.0", 2);
    Resource b =
        new Resource(
            Attributes.of("service.name", AttributeValue.of("auth")),
            "https://opentelemetry.io/schemas/1.26.0",
            2);
    a.serviceName(); // a remembered name is not part of the value

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new Resource(attributes, "", 2));
    assertThat(a).isNotEqualTo(new Resource(attributes, a.schemaUrl(), 0));
    assertThat(a.toString()).contains("auth").contains("schemas/1.26.0");
  }
}
