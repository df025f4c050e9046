package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
      int answer = index.putIfAbsent(value);
      assertThat(answer).as(value).isEqualTo(known == null ? -1 - position : known);
      assertThat(index.get(value)).isEqualTo(reference.get(value));
    }
    assertThat(index.get("never added")).isEqualTo(-1);
    assertThat(index.size()).isEqualTo(reference.size());
    reference.forEach(
        (value, position) -> {
          assertThat(index.get(value)).isEqualTo(position);
          assertThat(index.value(position)).isEqualTo(value);
        });
  }

  /** A dictionary read from a file keeps every position, a repeated string's too. */
  @Test
  void addKeepsRepeatedStringsPositionsAndFindsTheFirst() {
    StringIndex index = new StringIndex();
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String value = "v" + (i % 100);
      index.add(value);
      added.add(value);
    }
    assertThat(index.size()).isEqualTo(300);
    for (int i = 0; i < 300; i++) {
      assertThat(index.value(i)).isEqualTo(added.get(i));
      assertThat(index.get(added.get(i))).isEqualTo(i % 100);
    }
    assertThat(index.putIfAbsent("v7")).isEqualTo(7);
    assertThat(index.putIfAbsent("new")).isEqualTo(-1 - 300);
  }
}
