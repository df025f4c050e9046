package dev.hopscope.demo.load;

import dev.hopscope.demo.time.NanoClock;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The load generator's progress on standard output. The demo runs for half an hour, so a line a
 * second would bury everything else. On a terminal the status is one line rewritten in place
 * (carriage return, padded over the previous text, cut to {@value #TERMINAL_WIDTH} characters so it
 * never wraps on an 80-column terminal, where a carriage return would only go back to the last
 * row). Anywhere else (a log file, a pipe, CI) carriage returns would pile up into one endless
 * line, so the status is a plain line every {@link #LOG_EVERY}, on a schedule that does not drift.
 */
final class StatusLine {
  static final int TERMINAL_WIDTH = 79;
  static final Duration LOG_EVERY = Duration.ofSeconds(10);

  private final PrintStream out;
  private final boolean terminal;
  private final NanoClock clock;
  private long nextLogLine;
  private int shown;

  StatusLine(PrintStream out, boolean terminal, NanoClock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.nextLogLine = clock.nanoTime() + LOG_EVERY.toNanos();
  }

  /** The current status; call it about once a second. */
  synchronized void update(String status) {
    if (terminal) {
      rewrite(status);
    } else {
      long now = clock.nanoTime();
      if (now - nextLogLine < 0) {
        return;
      }
      out.println(status);
      // Due times step from the previous due time, so late ticks do not shift later lines.
      while (now - nextLogLine >= 0) {
        nextLogLine += LOG_EVERY.toNanos();
      }
    }
    out.flush();
  }

  /**
   * A line that stays, such as the end of a phase or the summary; the status continues below it,
   * and off a terminal the next status line comes {@link #LOG_EVERY} after it.
   */
  synchronized void println(String line) {
    nextLogLine = clock.nanoTime() + LOG_EVERY.toNanos();
    if (terminal) {
      // Not cut: a line that ends with a newline may wrap.
      out.print('\r');
      out.print(line);
      pad(line.length());
      out.print('\n');
      shown = 0;
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void rewrite(String text) {
    String line = text.length() > TERMINAL_WIDTH ? text.substring(0, TERMINAL_WIDTH) : text;
    out.print('\r');
    out.print(line);
    pad(line.length());
    shown = line.length();
  }

  /** Blanks what is left of a longer status shown before. */
  private void pad(int length) {
    if (shown > length) {
      out.print(" ".repeat(shown - length));
    }
  }
}
