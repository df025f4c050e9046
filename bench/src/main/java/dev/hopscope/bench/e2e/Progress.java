package dev.hopscope.bench.e2e;

import java.io.PrintStream;

/**
 * One status line for a long phase: rewritten in place on a terminal, one line every 5 s otherwise
 * (logs, CI).
 */
final class Progress {
  private final PrintStream out;
  private final boolean terminal = System.console() != null;
  private long lastPrinted;
  private boolean pending;

  Progress(PrintStream out) {
    this.out = out;
  }

  void update(String line) {
    long now = System.nanoTime();
    if (terminal) {
      out.print("\r" + line + "\u001b[K");
      out.flush();
      pending = true;
    } else if (now - lastPrinted >= 5_000_000_000L) {
      out.println(line);
      lastPrinted = now;
    }
  }

  void done(String line) {
    if (terminal && pending) {
      out.print("\r\u001b[K");
    }
    out.println(line);
    pending = false;
  }
}
