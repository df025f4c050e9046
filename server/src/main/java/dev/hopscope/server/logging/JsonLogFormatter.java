package dev.hopscope.server.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object per line: {@code time} (RFC 3339, UTC), {@code level}, {@code logger}, {@code
 * message}, {@code thread}, and {@code exception} (the stack trace as one string) when there is
 * one, and {@code tenant} for a record about one tenant. Field names follow what Loki,
 * Elasticsearch and Cloud Logging pick up without mapping.
 *
 * <p>Which tenant: messages about one tenant start with {@code tenant <name>:} (the house
 * convention, e.g. "tenant acme: dropped 3 blocks past retention"), so the field is read from there
 * rather than threading a logging context through the engine's threads.
 */
final class JsonLogFormatter extends Formatter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TENANT = Pattern.compile("^tenant ([^\\s:]+): ");

  @Override
  public String format(LogRecord record) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", record.getInstant().toString());
    line.put("level", LogSetup.levelName(record.getLevel()));
    line.put("logger", record.getLoggerName());
    String message = formatMessage(record);
    line.put("message", message);
    Matcher tenant = TENANT.matcher(message);
    if (tenant.find()) {
      line.put("tenant", tenant.group(1));
    }
    line.put("thread", Thread.currentThread().getName());
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.put("exception", trace.toString());
    }
    try {
      return JSON.writeValueAsString(line) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      // A tree of strings always serialises; keep the record rather than lose it.
      return "{\"level\":\"ERROR\",\"message\":\"unserialisable log record\"}"
          + System.lineSeparator();
    }
  }
}
