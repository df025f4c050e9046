package dev.hopscope.demo.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The launcher learns every service's ports from this line alone: printing and parsing agree. */
class ListeningTest {
  @Test
  void theLauncherReadsBackEveryPortAServicePrinted() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("admin", 16690);
    ports.put("webapp-auth", 40113);
    ports.put("webapp-database", 1);

    String line = Listening.line("faults", ports);
    Matcher matcher = Listening.pattern("faults").matcher(line);

    assertThat(line).isEqualTo("listening: faults admin=16690 webapp-auth=40113 webapp-database=1");
    assertThat(matcher.find()).isTrue();
    assertThat(Listening.ports(matcher)).containsExactlyEntriesOf(ports);
  }

  @Test
  void anotherServicesLineOrOrdinaryOutputDoesNotMatch() {
    String auth = Listening.line("auth", Map.of("http", 40000));

    assertThat(Listening.pattern("auth").matcher(auth + "\r").find()).isTrue();
    assertThat(Listening.pattern("webapp").matcher(auth).find()).isFalse();
    assertThat(Listening.pattern("auth").matcher("auth: listening: auth http=1").find()).isFalse();
    assertThat(Listening.pattern("auth").matcher("listening: auth").find()).isFalse();
    assertThat(Listening.pattern("auth").matcher("listening: auth http=x").find()).isFalse();
  }
}
