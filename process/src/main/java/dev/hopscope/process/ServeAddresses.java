package dev.hopscope.process;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a {@code hopscope serve} child listens, read from the lines it prints once every listener
 * is bound ({@code ServeCommand.printAddresses} in the server). Those lines are the contract
 * between the server and everything that starts it as a process (the reliability trials, the local
 * cluster, the bench): they pass port 0 and learn the port here, so nobody picks a "free" port and
 * races another process for it. {@code ServeAddressesIT} in the server holds this parser to the
 * real jar's output.
 *
 * @param api {@code scheme://host:port} of the UI, APIs, {@code /health} and {@code /metrics}
 * @param zipkinApi {@code scheme://host:port} of the Zipkin read API, for a server that answers
 *     queries
 * @param receivers where spans go, for a server that takes them
 */
public record ServeAddresses(
    String api, Optional<String> zipkinApi, Optional<Receivers> receivers) {
  /**
   * Where a server that takes spans listens: {@code scheme://host:port}, gRPC {@code host:port}.
   */
  public record Receivers(String otlpHttp, String otlpGrpc, String zipkin) {}

  /** Every line after the first is printed at once, in the same flush: it comes quickly. */
  private static final Duration REST = Duration.ofSeconds(10);

  /** A printed line and the group holding its address. */
  private enum Line {
    // "UI and APIs" for a role that serves queries, "/metrics" for one that does not.
    API("(UI and APIs|/metrics)\\s+(https?://[^/\\s]+)/", 2),
    ZIPKIN_API("point its API at (https?://[^\\s)]+)", 1),
    OTLP_GRPC("OTLP/gRPC\\s+(\\S+)", 1),
    OTLP_HTTP("OTLP/HTTP\\s+(https?://[^/\\s]+)/", 1),
    ZIPKIN("Zipkin v2\\s+(https?://[^/\\s]+)/", 1);

    final Pattern pattern;
    final int group;

    Line(String regex, int group) {
      this.pattern = Pattern.compile(regex);
      this.group = group;
    }
  }

  /** Waits for the lines a process prints; fails naming what is missing and where the log is. */
  private interface Lines {
    Matcher await(Line line, Duration timeout) throws IOException;
  }

  /**
   * Starts watching {@code process}'s output for the address lines. Call before {@link
   * LoggedProcess#follow()}, so that no line goes by unwatched.
   */
  public static Pending watch(LoggedProcess process) {
    Map<Line, CompletableFuture<Matcher>> waits = new EnumMap<>(Line.class);
    for (Line line : Line.values()) {
      waits.put(line, process.watch(line.pattern));
    }
    return new Pending(process, waits);
  }

  /** The address lines a started process will print. */
  public static final class Pending {
    private final LoggedProcess process;
    private final Map<Line, CompletableFuture<Matcher>> waits;

    private Pending(LoggedProcess process, Map<Line, CompletableFuture<Matcher>> waits) {
      this.process = process;
      this.waits = waits;
    }

    /**
     * Waits up to {@code startup} for the first line (the store may replay its WAL first), then for
     * the rest; {@code receivesSpans} says whether the role prints receivers (all, distributor).
     */
    public ServeAddresses await(boolean receivesSpans, Duration startup) throws IOException {
      return read(
          (line, timeout) -> process.await(Objects.requireNonNull(waits.get(line)), timeout),
          receivesSpans,
          startup);
    }
  }

  /** The addresses in {@code output}, as a child that printed it would give them. */
  static ServeAddresses parse(List<String> output, boolean receivesSpans) throws IOException {
    return read(
        (line, timeout) -> {
          for (String printed : output) {
            Matcher matcher = line.pattern.matcher(printed);
            if (matcher.find()) {
              return matcher;
            }
          }
          throw new IOException("no line matches " + line.pattern + " in " + output);
        },
        receivesSpans,
        REST);
  }

  private static ServeAddresses read(Lines lines, boolean receivesSpans, Duration startup)
      throws IOException {
    Matcher api = lines.await(Line.API, startup);
    Optional<String> zipkinApi = Optional.empty();
    if (api.group(1).startsWith("UI")) {
      zipkinApi = Optional.of(address(lines, Line.ZIPKIN_API));
    }
    Optional<Receivers> receivers = Optional.empty();
    if (receivesSpans) {
      receivers =
          Optional.of(
              new Receivers(
                  address(lines, Line.OTLP_HTTP),
                  address(lines, Line.OTLP_GRPC),
                  address(lines, Line.ZIPKIN)));
    }
    return new ServeAddresses(api.group(Line.API.group), zipkinApi, receivers);
  }

  private static String address(Lines lines, Line line) throws IOException {
    return lines.await(line, REST).group(line.group);
  }
}
