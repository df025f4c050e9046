package dev.hopscope.cli;

import dev.hopscope.otlp.DecodeResult;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.otlp.MalformedRequestException;
import dev.hopscope.otlp.OtlpJsonDecoder;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import dev.hopscope.otlp.ZipkinJsonDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports trace files into a running Hopscope server, through the same validation as its"
          + " receivers.",
      "Reads OTLP JSON lines (one ExportTraceServiceRequest per line, as the OpenTelemetry"
          + " Collector's file exporter and `hopscope export` write) and Zipkin v2 JSON files (one"
          + " array of spans). Invalid spans are reported with file and line and skipped; the rest"
          + " is sent."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "OTLP/HTTP endpoint of the server (default: ${DEFAULT-VALUE}).")
  URI endpoint = URI.create("http://127.0.0.1:4318/v1/traces");

  @Option(
      names = "--tenant",
      paramLabel = "TENANT",
      description = "Tenant to import into (sent as X-Scope-OrgID; default: the single tenant).")
  @Nullable String tenant;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:HOPSCOPE_TOKEN}",
      description =
          "API token when the server checks tokens (default: $HOPSCOPE_TOKEN; prefer the"
              + " variable, a flag shows in the process list).")
  @Nullable String token;

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = new Progress(err, "spans imported");
    long imported = 0;
    long rejected = 0;
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        err.println("hopscope import: cannot read " + file + "; check the path and permissions");
        return 1;
      }
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        reader.mark(1);
        int first = skipWhitespace(reader);
        if (first == '[') {
          DecodeResult result = decode(file, 0, Files.readAllBytes(file), true, err);
          imported += send(result);
          rejected += rejectedIn(result);
        } else {
          String line;
          int number = 0;
          while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
              continue;
            }
            DecodeResult result =
                decode(file, number, line.getBytes(StandardCharsets.UTF_8), false, err);
            imported += send(result);
            rejected += rejectedIn(result);
            progress.update(imported, file.getFileName().toString());
          }
        }
      }
      progress.update(imported, file.getFileName().toString());
    }
    progress.finish(
        imported, rejected == 0 ? "" : "(" + rejected + " invalid spans or requests skipped)");
    return rejected == 0 ? 0 : 3;
  }

  /** Rejected spans, or 1 for a request that could not be read at all. */
  private static int rejectedIn(@Nullable DecodeResult result) {
    return result == null ? 1 : result.rejectedSpans();
  }

  private static int skipWhitespace(BufferedReader reader) throws IOException {
    int c;
    do {
      reader.mark(1);
      c = reader.read();
    } while (c != -1 && Character.isWhitespace(c));
    reader.reset();
    return c;
  }

  private static @Nullable DecodeResult decode(
      Path file, int line, byte[] bytes, boolean zipkin, PrintWriter err) {
    String where = line > 0 ? file + ":" + line : file.toString();
    try {
      DecodeResult result =
          zipkin
              ? ZipkinJsonDecoder.decode(bytes, IngestLimits.defaults())
              : OtlpJsonDecoder.decode(bytes, IngestLimits.defaults());
      if (result.hasRejections()) {
        err.println();
        err.println(where + ": " + result.errorMessage());
      }
      return result;
    } catch (MalformedRequestException e) {
      err.println();
      err.println(where + ": skipped: " + e.getMessage());
      return null;
    }
  }

  /** Sends the accepted spans, retrying while the server asks to slow down. */
  private int send(@Nullable DecodeResult result) throws IOException, InterruptedException {
    if (result == null || result.accepted().isEmpty()) {
      return 0;
    }
    byte[] body = OtlpProtobufEncoder.encode(result.accepted());
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(endpoint)
              .header("Content-Type", "application/x-protobuf")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (tenant != null) {
        request.header("X-Scope-OrgID", tenant);
      }
      if (token != null && !token.isBlank()) {
        request.header("Authorization", "Bearer " + token.trim());
      }
      HttpResponse<byte[]> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() == 200) {
        return result.accepted().size();
      }
      boolean retryable = answer.statusCode() == 429 || answer.statusCode() == 503;
      if (!retryable || attempt == 10) {
        throw new IOException(
            endpoint
                + " answered "
                + answer.statusCode()
                + "; is a Hopscope server running there?");
      }
      long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
      Thread.sleep(Math.min(10, seconds) * 1000L); // the server asked us to wait this long
    }
  }
}
