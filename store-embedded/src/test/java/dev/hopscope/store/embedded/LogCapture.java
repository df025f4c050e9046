package dev.hopscope.store.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects the store's log lines while a test runs, for tests that assert what was reported. */
final class LogCapture extends Handler implements AutoCloseable {
  private static final Logger STORE = Logger.getLogger("dev.hopscope.store");
  private final List<String> lines = new ArrayList<>();

  private LogCapture() {}

  static LogCapture start() {
    LogCapture capture = new LogCapture();
    STORE.addHandler(capture);
    return capture;
  }

  /** The formatted messages so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void publish(LogRecord record) {
    synchronized (lines) {
      lines.add(new SimpleFormatter().formatMessage(record));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    STORE.removeHandler(this);
  }
}
