package dev.hopscope.demo.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.demo.time.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  /** Ticks once a second, like the load generator, for {@code seconds} seconds. */
  private void tickEverySecond(StatusLine status, int seconds) {
    for (int s = 1; s <= seconds; s++) {
      clock.advanceMillis(1000);
      status.update("load 0:" + String.format("%02d", s));
    }
  }

  @Test
  void onATerminalOneLineIsRewrittenInPlaceEverySecond() {
    StatusLine status = new StatusLine(out, true, clock);

    tickEverySecond(status, 30);

    String shown = printed();
    assertThat(shown).doesNotContain("\n");
    assertThat(shown.chars().filter(c -> c == '\r').count()).isEqualTo(30);
    assertThat(shown).endsWith("\rload 0:30");
  }

  @Test
  void onATerminalAShorterStatusBlanksTheRestOfTheLongerOne() {
    StatusLine status = new StatusLine(out, true, clock);

    status.update("load 0:09  sent 180  mean 12.5 ms");
    status.update("load 0:10  sent 200");

    assertThat(printed()).endsWith("\rload 0:10  sent 200" + " ".repeat(14));
  }

  @Test
  void onATerminalTheStatusIsCutToFitEightyColumns() {
    StatusLine status = new StatusLine(out, true, clock);

    status.update("x".repeat(120));

    assertThat(printed()).isEqualTo("\r" + "x".repeat(StatusLine.TERMINAL_WIDTH));
  }

  @Test
  void onATerminalALineThatStaysEndsTheStatusAndTheNextStatusStartsBelow() {
    StatusLine status = new StatusLine(out, true, clock);

    status.update("load warming the shop up: 150/200");
    status.println("load: warmed up");
    status.update("load 0:01");

    assertThat(printed())
        .isEqualTo(
            "\rload warming the shop up: 150/200"
                + "\rload: warmed up"
                + " ".repeat(18)
                + "\n"
                + "\rload 0:01");
  }

  @Test
  void elsewhereAPlainLineEveryTenSeconds() {
    StatusLine status = new StatusLine(out, false, clock);

    tickEverySecond(status, 35);

    assertThat(printed()).isEqualTo("load 0:10\nload 0:20\nload 0:30\n");
  }

  @Test
  void elsewhereLateTicksDoNotShiftTheScheduleAndAPauseDoesNotBurst() {
    StatusLine status = new StatusLine(out, false, clock);

    clock.advanceMillis(10_400); // a tick 400 ms late
    status.update("a");
    clock.advanceMillis(9_700); // at 20.1 s: due at 20 s, not at 20.4 s
    status.update("b");
    clock.advanceMillis(45_000); // a stalled generator: at 65.1 s one line, not four
    status.update("c");
    clock.advanceMillis(4_000); // 69.1 s: next due at 70 s
    status.update("d");
    clock.advanceMillis(1_000);
    status.update("e");

    assertThat(printed()).isEqualTo("a\nb\nc\ne\n");
  }

  @Test
  void elsewhereLinesThatStayArePrintedAtOnceAndStartTheTenSecondsAfresh() {
    StatusLine status = new StatusLine(out, false, clock);

    clock.advanceMillis(7_000);
    status.println("load: warmed up");
    tickEverySecond(status, 10); // 8 s .. 17 s: the first status is due at 17 s, not at 10 s
    status.println("load done: 200/200 sent");

    assertThat(printed()).isEqualTo("load: warmed up\nload 0:10\nload done: 200/200 sent\n");
  }
}
