package dev.hopscope.cli;

import java.io.PrintWriter;

/**
 * A one-line progress indicator on stderr, redrawn at most ten times a second so that it costs
 * nothing next to the work it reports.
 */
final class Progress {
  private final PrintWriter err;
  private final String unit;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private boolean drawn;

  Progress(PrintWriter err, String unit) {
    this.err = err;
    this.unit = unit;
  }

  void update(long done, String detail) {
    long now = System.nanoTime();
    if (drawn && now - lastDrawNanos < 100_000_000L) {
      return;
    }
    lastDrawNanos = now;
    drawn = true;
    draw(done, detail);
  }

  void finish(long done, String detail) {
    draw(done, detail);
    err.println();
    err.flush();
  }

  private void draw(long done, String detail) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    err.printf("\r%,d %s (%,.0f/s) %s\u001b[K", done, unit, done / seconds, detail);
    err.flush();
  }
}
