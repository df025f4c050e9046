package dev.hopscope.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Exports traces from a running Hopscope server as OTLP JSON lines (one"
          + " ExportTraceServiceRequest per trace and line), the format `hopscope import` reads.",
      "Give trace ids with --trace, or a TraceQL query with --query (and --start/--end/--limit)."
    })
final class ExportCommand implements Callable<Integer> {
  static final String DEFAULT_SERVER = "http://127.0.0.1:16686";

  @Spec CommandSpec spec;

  @Option(
      names = "--trace",
      paramLabel = "ID",
      description = "A trace id (32 hex characters); repeatable.")
  List<String> traceIds = new ArrayList<>();

  @Option(
      names = "--query",
      paramLabel = "TRACEQL",
      description = "Export the traces this TraceQL query finds.")
  @Nullable String query;

  @Option(
      names = "--start",
      paramLabel = "TIME",
      description = "With --query: window start, epoch seconds or RFC 3339 (default: an hour ago).")
  @Nullable String start;

  @Option(
      names = "--end",
      paramLabel = "TIME",
      description = "With --query: window end (default: now).")
  @Nullable String end;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "With --query: at most this many traces (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The server's API address (default: ${DEFAULT-VALUE}).")
  URI server = URI.create(DEFAULT_SERVER);

  @Option(
      names = "--tenant",
      paramLabel = "TENANT",
      description = "Tenant to read (X-Scope-OrgID).")
  @Nullable String tenant;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:HOPSCOPE_TOKEN}",
      description =
          "API token when the server checks tokens (default: $HOPSCOPE_TOKEN; prefer the"
              + " variable, a flag shows in the process list).")
  @Nullable String token;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write here instead of standard output.")
  @Nullable Path output;

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (traceIds.isEmpty() && query == null) {
      err.println(
          "hopscope export: say what to export: --trace ID (repeatable) or --query TRACEQL");
      return 2;
    }
    Set<String> ids = new LinkedHashSet<>(traceIds);
    if (query != null) {
      ids.addAll(search(query));
    }
    Progress progress = new Progress(err, "traces exported");
    int written = 0;
    try (Writer out =
        output == null
            ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (String id : ids) {
        HttpResponse<String> answer = get("/api/traces/" + encode(id) + "?format=otlp");
        if (answer.statusCode() == 404) {
          err.println();
          err.println("trace " + id + " not found; skipped");
          continue;
        }
        requireOk(answer);
        out.write(answer.body());
        out.write('\n');
        written++;
        progress.update(written, "");
      }
    }
    progress.finish(written, output == null ? "" : "to " + output);
    return written == ids.size() ? 0 : 3;
  }

  private List<String> search(String query) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    while (ids.size() < limit) {
      StringBuilder path = new StringBuilder("/api/search?q=").append(encode(query));
      path.append("&limit=").append(Math.min(1000, limit - ids.size()));
      if (start != null) {
        path.append("&start=").append(encode(start));
      }
      if (end != null) {
        path.append("&end=").append(encode(end));
      }
      if (cursor != null) {
        path.append("&cursor=").append(encode(cursor));
      }
      HttpResponse<String> answer = get(path.toString());
      requireOk(answer);
      SearchPage page = SearchPage.of(answer);
      ids.addAll(page.traceIds());
      cursor = page.next();
      if (cursor == null || page.traceIds().isEmpty()) {
        break;
      }
    }
    return ids;
  }

  /** One page of {@code /api/search}'s answer: its trace ids, and the cursor to the next. */
  record SearchPage(List<String> traceIds, @Nullable String next) {
    /**
     * Reads the answer field by field: another system answering the same path (Tempo says {@code
     * traceID}, a Jaeger UI answers with its page) is named with the flag to check, instead of
     * failing later on the field it lacks (a NullPointerException in URLEncoder, before).
     */
    static SearchPage of(HttpResponse<String> answer) throws IOException {
      JsonObject page;
      try {
        page = new JsonObject(answer.body());
      } catch (DecodeException e) {
        throw notHopscope(answer, "is not JSON");
      }
      if (!(page.getValue("traces") instanceof JsonArray traces)) {
        throw notHopscope(answer, "has no \"traces\" array");
      }
      List<String> ids = new ArrayList<>(traces.size());
      for (int i = 0; i < traces.size(); i++) {
        if (!(traces.getValue(i) instanceof JsonObject trace)
            || !(trace.getValue("traceId") instanceof String id)) {
          throw notHopscope(answer, "has no traces[" + i + "].traceId");
        }
        ids.add(id);
      }
      return new SearchPage(ids, page.getValue("next") instanceof String next ? next : null);
    }

    private static IOException notHopscope(HttpResponse<String> answer, String what) {
      return new IOException(
          answer.uri()
              + " answered a search that "
              + what
              + "; is --server the address of Hopscope's UI and API (default "
              + DEFAULT_SERVER
              + ")?");
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).GET();
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token.trim());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void requireOk(HttpResponse<String> answer) throws IOException {
    if (answer.statusCode() != 200) {
      throw new IOException(
          answer.uri() + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
