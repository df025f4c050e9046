package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringIndexTest {
  @Test
  void agreesWithAHashMapIncludingStringsOfEqualHashCodes() {
    Random random = new Random(3);
    StringIndex index = new StringIndex();
    Map<String, Integer> reference = new HashMap<>();
    // "Aa" and "BB" hash alike, so any concatenation of them does too: long collision chains.
    String[] collide = {"Aa", "BB"};
    for (int i = 0; i < 20_000; i++) {
      String value =
          switch (random.nextInt(3)) {
            case 0 -> "user-" + random.nextInt(5_000);
            case 1 ->
                collide[random.nextInt(2)]
                    + collide[random.nextInt(2)]
                    + collide[random.nextInt(2)];
            default -> Integer.toString(random.nextInt(50));
          };
      int position = reference.size();
      Integer known = reference.putIfAbsent(value, position);
      int answer = index.putIfAbsent(value, position);
      assertThat(answer).as(value).isEqualTo(known == null ? -1 - position : known);
      assertThat(index.get(value)).isEqualTo(reference.get(value));
    }
    assertThat(index.get("never added")).isEqualTo(-1);
    reference.forEach((value, position) -> assertThat(index.get(value)).isEqualTo(position));
  }
}
