package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attribute hashes are in every block's blooms, so they must never change: these values were taken
 * from the hasher as blocks have been written with it. A reader hashing a query's pair differently
 * would skip row groups that hold it.
 */
class AttributeHashTest {
  @Test
  void hashesAreTheOnesBlocksHoldOnDisk() {
    assertThat(AttributeHash.of(1, "http.method", AttributeValue.of("GET")))
        .isEqualTo(-5211105191870463197L);
    assertThat(AttributeHash.of(2, "k", AttributeValue.of("zürich")))
        .isEqualTo(-264736026342670498L);
    assertThat(AttributeHash.of(1, "ключ", AttributeValue.of(200L)))
        .isEqualTo(5640850070223785203L);

    long fold = 0;
    for (String key : new String[] {"http.method", "k", "ключ"}) {
      for (int scope : new int[] {AttributeHash.SPAN, AttributeHash.RESOURCE}) {
        for (AttributeValue value : values()) {
          long hash = AttributeHash.of(scope, key, value);
          assertThat(AttributeHash.ofKeyed(AttributeHash.keyState(scope, key), value))
              .as("%s = %s keyed", key, value)
              .isEqualTo(hash);
          fold = fold * 1_000_003 + hash;
        }
      }
    }
    assertThat(fold).as("150 pairs, folded").isEqualTo(-6164263261828119765L);
  }

  /** ASCII at the 8-byte word edges, multi-byte UTF-8, a surrogate pair, and every other type. */
  private static List<AttributeValue> values() {
    List<AttributeValue> values = new ArrayList<>();
    for (String text :
        new String[] {
          "",
          "a",
          "GET",
          "1234567",
          "12345678",
          "123456789",
          "http://shop:8080/products?id=42",
          "zürich",
          "日本語テキスト",
          "emoji 😀 pair",
          "\u0000nul",
          "x".repeat(40)
        }) {
      values.add(AttributeValue.of(text));
    }
    for (long number : new long[] {0, 1, -1, 200, 65535, 65536, Long.MIN_VALUE, Long.MAX_VALUE}) {
      values.add(AttributeValue.of(number));
    }
    values.add(AttributeValue.of(true));
    values.add(AttributeValue.of(false));
    values.add(AttributeValue.of(0.5));
    values.add(AttributeValue.of(-0.0));
    values.add(
        new AttributeValue.ArrayValue(List.of(AttributeValue.of("a"), AttributeValue.of(7L))));
    return values;
  }
}
