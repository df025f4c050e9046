package dev.hopscope.query.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogfmtTagsTest {
  @Test
  void pairsInOrderWithQuotedValues() {
    assertThat(LogfmtTags.parse(" service.name=auth  http.url=\"/a b\" q=\"say \\\"hi\\\"\" e= "))
        .containsExactly(
            java.util.Map.entry("service.name", "auth"),
            java.util.Map.entry("http.url", "/a b"),
            java.util.Map.entry("q", "say \"hi\""),
            java.util.Map.entry("e", ""));
  }

  @Test
  void emptyAndNullMeanNoTags() {
    assertThat(LogfmtTags.parse("")).isEmpty();
    assertThat(LogfmtTags.parse(null)).isEmpty();
  }

  @Test
  void keyWithoutValueIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> LogfmtTags.parse("a=1 lonely"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 5")
        .hasMessageContaining("\"lonely\" has no value");
  }

  @Test
  void unclosedQuoteIsRejected() {
    assertThatThrownBy(() -> LogfmtTags.parse("a=\"open")).hasMessageContaining("no closing quote");
  }
}
