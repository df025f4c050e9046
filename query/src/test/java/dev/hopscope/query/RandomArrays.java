package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Array-valued attributes for the random traces of the pushdown properties. */
final class RandomArrays {
  static final String[] TAGS = {"nightly", "beta", "canary"};
  static final String RARE = "rare";

  private RandomArrays() {}

  /**
   * Now and then: {@code tags} as an array of 0-3 tags (empty arrays included) or a plain string,
   * {@code codes} as an int array, {@code flags} as a bool array.
   */
  static void put(Random random, Attributes.Builder attributes) {
    switch (random.nextInt(4)) {
      // A rare tag: few row groups hold it, so the embedded store finds it through its blooms.
      case 0 ->
          attributes.put("tags", random.nextInt(40) == 0 ? rare(random) : strings(random, TAGS));
      case 1 -> attributes.put("tags", TAGS[random.nextInt(TAGS.length)]);
      default -> {}
    }
    if (random.nextInt(3) == 0) {
      List<AttributeValue> codes = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        codes.add(AttributeValue.of(random.nextBoolean() ? 200L : 503L));
      }
      attributes.put("codes", new AttributeValue.ArrayValue(codes));
    }
    if (random.nextInt(4) == 0) {
      attributes.put(
          "flags",
          new AttributeValue.ArrayValue(
              List.of(AttributeValue.of(random.nextBoolean()), AttributeValue.of(true))));
    }
  }

  private static AttributeValue rare(Random random) {
    return new AttributeValue.ArrayValue(
        List.of(AttributeValue.of(TAGS[random.nextInt(TAGS.length)]), AttributeValue.of(RARE)));
  }

  /** An array of 0 to 3 values from the pool, repeats allowed. */
  static AttributeValue strings(Random random, String... pool) {
    List<AttributeValue> values = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      values.add(AttributeValue.of(pool[random.nextInt(pool.length)]));
    }
    return new AttributeValue.ArrayValue(values);
  }
}
