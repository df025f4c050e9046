package dev.hopscope.analysis.hop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Attributes;
import org.junit.jupiter.api.Test;

class PeerNamesTest {

  @Test
  void namesFollowTheSemanticConventionsInOrder() {
    Attributes all =
        Attributes.builder()
            .put("url.full", "https://api.example.com/v1/pay?id=7")
            .put("messaging.system", "kafka")
            .put("db.system", "h2")
            .put("db.namespace", "shop")
            .put("server.address", "db.internal")
            .put("server.port", 9092L)
            .put("peer.service", "inventory-db")
            .build();

    assertThat(PeerNames.name(all)).isEqualTo("inventory-db");
    assertThat(PeerNames.name(without(all, "peer.service"))).isEqualTo("h2/shop");
    assertThat(PeerNames.name(without(all, "peer.service", "db.system"))).isEqualTo("kafka");
    assertThat(PeerNames.name(without(all, "peer.service", "db.system", "messaging.system")))
        .isEqualTo("db.internal:9092");
    assertThat(
            PeerNames.name(
                without(all, "peer.service", "server.address", "db.system", "messaging.system")))
        .isEqualTo("https://api.example.com");
    assertThat(PeerNames.name(Attributes.empty())).isEqualTo("unknown peer");
  }

  @Test
  void databaseLabelCarriesAOneLineQuerySummary() {
    String longQuery =
        "SELECT id,\n\tname FROM products WHERE " + "x = 1 AND ".repeat(20) + "y = 2";
    Attributes attributes =
        Attributes.builder()
            .put("db.system", "postgresql")
            .put("server.address", "pg")
            .put("db.statement", longQuery)
            .build();

    String statement = PeerNames.statement(attributes);

    assertThat(statement)
        .hasSize(PeerNames.STATEMENT_LIMIT)
        .startsWith("SELECT id, name FROM")
        .endsWith("…");
    assertThat(PeerNames.label(attributes)).isEqualTo("postgresql database `" + statement + "`");
    assertThat(PeerNames.system(attributes)).isEqualTo("postgresql");
    assertThat(
            PeerNames.label(
                Attributes.of("messaging.system", dev.hopscope.model.AttributeValue.of("kafka"))))
        .isEqualTo("kafka");
  }

  @Test
  void whitespaceCollapsesAsTheRegexDoes() {
    java.util.Random random = new java.util.Random(20261207);
    char[] alphabet = {'a', 'Z', ' ', '\t', '\n', '\r', '\f', (char) 0x0B, '\u00a0', ','};
    for (int n = 0; n < 5_000; n++) {
      char[] text = new char[random.nextInt(12)];
      for (int i = 0; i < text.length; i++) {
        text[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String input = new String(text);
      assertThat(PeerNames.collapseWhitespace(input))
          .as("collapsing %s", input.chars().boxed().toList())
          .isEqualTo(input.replaceAll("\\s+", " "));
    }
  }

  private static Attributes without(Attributes attributes, String... keys) {
    Attributes.Builder builder = Attributes.builder();
    attributes.forEach(
        (key, value) -> {
          if (!java.util.List.of(keys).contains(key)) {
            builder.put(key, value);
          }
        });
    return builder.build();
  }
}
