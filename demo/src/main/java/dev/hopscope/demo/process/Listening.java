package dev.hopscope.demo.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line a shop service prints once every listener it has is bound, e.g. {@code listening: faults
 * admin=16690 webapp-auth=40113 webapp-database=40114}. Services bind port 0 unless told a port, so
 * this line is the only place their ports are known: the launcher reads it from the child's output
 * (and takes it as "ready", since it is printed after the listeners accept). Printing and parsing
 * live here together so the two sides cannot drift apart.
 */
public final class Listening {
  private static final String PREFIX = "listening: ";
  private static final Pattern PORT = Pattern.compile(" ([a-z][a-z-]*)=(\\d{1,5})");

  private Listening() {}

  /** The line for {@code service} listening on {@code ports} (name to port, in print order). */
  public static String line(String service, Map<String, Integer> ports) {
    StringBuilder line = new StringBuilder(PREFIX).append(service);
    ports.forEach((name, port) -> line.append(' ').append(name).append('=').append(port));
    return line.toString();
  }

  /** Prints {@link #line} on standard output, at once: a parent is waiting for it. */
  public static void print(String service, Map<String, Integer> ports) {
    System.out.println(line(service, ports));
    System.out.flush();
  }

  /** Matches {@code service}'s line; pass the match to {@link #ports}. */
  public static Pattern pattern(String service) {
    return Pattern.compile(
        "^" + Pattern.quote(PREFIX + service) + "((?: [a-z][a-z-]*=\\d{1,5})+)\\s*$");
  }

  /** The ports in a line {@link #pattern} matched, by name. */
  public static Map<String, Integer> ports(Matcher line) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    Matcher port = PORT.matcher(line.group(1));
    while (port.find()) {
      ports.put(port.group(1), Integer.parseInt(port.group(2)));
    }
    return ports;
  }
}
