package dev.hopscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesTest {

  @Test
  void equalityIgnoresInsertionOrderButNotValues() {
    Attributes a = Attributes.builder().put("a", "x").put("b", 1L).build();
    Attributes b = Attributes.builder().put("b", 1L).put("a", "x").build();
    Attributes c = Attributes.builder().put("a", "x").put("b", 2L).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
  }

  @Test
  void aBuilderUsedAgainAfterBuildNeverChangesWhatItBuilt() {
    Attributes.Builder builder = Attributes.builder().put("a", "x");
    Attributes first = builder.build();
    int hash = first.hashCode();
    Attributes second = builder.put("a", "changed").put("b", 1L).build();
    Attributes third = builder.putAll(Attributes.of("c", AttributeValue.of(true))).build();

    assertThat(first.asMap()).containsExactly(java.util.Map.entry("a", AttributeValue.of("x")));
    assertThat(first.hashCode()).isEqualTo(hash);
    assertThat(second.asMap()).hasSize(2).containsEntry("a", AttributeValue.of("changed"));
    assertThat(third.asMap()).hasSize(3);
    assertThat(second.asMap()).hasSize(2);
  }

  @Test
  void deferredAttributesAreReadOnceAndOnlyWhenAsked() {
    Attributes eager = Attributes.builder().put("a", "x").put("b", 1L).build();
    int[] reads = {0};
    Attributes deferred =
        Attributes.deferred(
            () -> {
              reads[0]++;
              return Attributes.builder().put("a", "x").put("b", 1L).build();
            });
    assertThat(reads[0]).isZero();

    assertThat(deferred.get("b")).isEqualTo(AttributeValue.of(1L));
    assertThat(deferred).isEqualTo(eager).hasSameHashCodeAs(eager).hasToString(eager.toString());
    assertThat(eager).isEqualTo(deferred);
    assertThat(deferred.size()).isEqualTo(2);
    assertThat(deferred.keys()).containsExactly("a", "b");
    assertThat(reads[0]).isOne();
  }

  @Test
  void aLookupAnswersKeysUntilTheWholeIsRead() {
    int[] reads = {0};
    Attributes deferred =
        Attributes.deferred(
            () -> {
              reads[0]++;
              return Attributes.builder().put("a", "x").build();
            },
            key -> key.equals("a") ? AttributeValue.of("x") : null);

    assertThat(deferred.get("a")).isEqualTo(AttributeValue.of("x"));
    assertThat(deferred.get("b")).isNull();
    assertThat(reads[0]).isZero();
    assertThat(deferred.asMap()).containsExactly(java.util.Map.entry("a", AttributeValue.of("x")));
    assertThat(deferred.get("a")).isEqualTo(AttributeValue.of("x"));
    assertThat(reads[0]).isOne();
  }

  @Test
  void typesAreDistinct() {
    assertThat(AttributeValue.of(1L)).isNotEqualTo(AttributeValue.of(1.0));
    assertThat(AttributeValue.of("1")).isNotEqualTo(AttributeValue.of(1L));
    assertThat(AttributeValue.of(true)).isNotEqualTo(AttributeValue.of("true"));
  }

  @Test
  void everyAnyValueTypeHasValueEquality() {
    AttributeValue bytes1 = new AttributeValue.BytesValue(new byte[] {1, 2, 3});
    AttributeValue bytes2 = new AttributeValue.BytesValue(new byte[] {1, 2, 3});
    assertThat(bytes1).isEqualTo(bytes2).hasSameHashCodeAs(bytes2);

    AttributeValue array1 =
        new AttributeValue.ArrayValue(List.of(AttributeValue.of("a"), AttributeValue.of(2L)));
    AttributeValue array2 =
        new AttributeValue.ArrayValue(List.of(AttributeValue.of("a"), AttributeValue.of(2L)));
    assertThat(array1).isEqualTo(array2).hasSameHashCodeAs(array2);

    AttributeValue kv1 = new AttributeValue.KeyValueListValue(Attributes.of("k", array1));
    AttributeValue kv2 = new AttributeValue.KeyValueListValue(Attributes.of("k", array2));
    assertThat(kv1).isEqualTo(kv2).hasSameHashCodeAs(kv2);

    assertThat(AttributeValue.of(Double.NaN)).isEqualTo(AttributeValue.of(Double.NaN));
    assertThat(AttributeValue.EmptyValue.INSTANCE).isEqualTo(new AttributeValue.EmptyValue());
  }

  @Test
  void bytesAreCopiedSoValuesStayImmutable() {
    byte[] raw = {1, 2};
    AttributeValue.BytesValue value = new AttributeValue.BytesValue(raw);
    raw[0] = 9;
    value.value()[1] = 9;
    assertThat(value.value()).containsExactly(1, 2);
  }

  @Test
  void laterValueForSameKeyWins() {
    Attributes attributes = Attributes.builder().put("k", "old").put("k", "new").build();
    assertThat(attributes.size()).isEqualTo(1);
    assertThat(attributes.get("k")).isEqualTo(AttributeValue.of("new"));
  }

  @Test
  void resourceNamesUnknownServiceWhenAbsent() {
    assertThat(Resource.EMPTY.serviceName()).isEqualTo("unknown_service");
    assertThat(Resource.of(Attributes.of("service.name", AttributeValue.of("auth"))).serviceName())
        .isEqualTo("auth");
  }
}
