package dev.hopscope.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** {@code 2026-12-06T07:40:00.123Z INFO dev.hopscope.server.HopscopeServer - message}, one line. */
final class TextLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    StringBuilder line =
        new StringBuilder()
            .append(record.getInstant())
            .append(' ')
            .append(String.format("%-5s", LogSetup.levelName(record.getLevel())))
            .append(' ')
            .append(record.getLoggerName())
            .append(" - ")
            .append(formatMessage(record))
            .append(System.lineSeparator());
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }
}
