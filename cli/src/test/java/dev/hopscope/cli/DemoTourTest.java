package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class DemoTourTest {
  private static final List<String> LINES = DemoTour.lines("http://127.0.0.1:16686/");

  @Test
  void theFaultCommandTheTourPrintsIsOneDemoFaultAccepts() {
    String printed =
        LINES.stream()
            .filter(line -> line.contains("./hopscope demo fault"))
            .findFirst()
            .orElseThrow();
    List<String> args = new ArrayList<>(List.of("demo", "fault"));
    args.addAll(DemoTour.FAULT_FLAGS);

    ParseResult parsed =
        new CommandLine(new HopscopeCommand()).parseArgs(args.toArray(String[]::new));

    assertThat(printed).endsWith("./hopscope demo fault " + String.join(" ", DemoTour.FAULT_FLAGS));
    ParseResult fault = parsed.subcommand().subcommand();
    assertThat(fault.matchedOptionValue("--hop", "")).isEqualTo("webapp-auth");
    assertThat(fault.matchedOptionValue("--delay", "")).isEqualTo("100ms");
  }

  @Test
  void theTourOpensTheMapAndNamesTheEdgeAndTheDelayItClaims() {
    assertThat(String.join("\n", LINES))
        .contains("open http://127.0.0.1:16686/map")
        .contains("gap p99 of webapp → auth reads about 100 ms")
        .contains("click that edge")
        .contains("100 ms lost between webapp and auth on the way out")
        .doesNotContain("order=duration");
  }
}
