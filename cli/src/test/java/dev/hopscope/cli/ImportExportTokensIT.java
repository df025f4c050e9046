package dev.hopscope.cli;

import static dev.hopscope.server.auth.SecuredServer.A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.otlp.OtlpJsonEncoder;
import dev.hopscope.server.auth.SecuredServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `hopscope import` and `export` against a server that checks tokens: --token, and without. */
class ImportExportTokensIT {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new HopscopeCommand());
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void aWriteTokenImportsIntoItsTenantAndAReadTokenExportsIt() throws Exception {
    try (SecuredServer secured = new SecuredServer(dir)) {
      RandomSpans random = new RandomSpans(7);
      TraceId traceId = random.traceId();
      Path lines = dir.resolve("in.jsonl");
      long now = System.currentTimeMillis() * 1_000_000L;
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Span span = random.span(traceId);
        spans.add(
            Span.builder(traceId, span.spanId())
                .name(span.name())
                .startNanos(now + i * 1000L)
                .endNanos(now + i * 1000L + 5000)
                .resource(span.resource())
                .build());
      }
      Files.writeString(lines, OtlpJsonEncoder.encode(spans) + "\n");
      String endpoint = "http://127.0.0.1:" + secured.server().otlpHttpPort() + "/v1/traces";
      String api = "http://127.0.0.1:" + secured.server().httpPort();

      assertThat(run("import", lines.toString(), "--endpoint", endpoint)).isNotZero();
      assertThat(err.toString()).contains("401");
      assertThat(run("import", lines.toString(), "--endpoint", endpoint, "--token", "a-writer"))
          .as(err.toString())
          .isZero();
      assertThat(secured.server().store().trace(A, traceId)).isPresent();

      Path out = dir.resolve("out.jsonl");
      assertThat(
              run(
                  "export",
                  "--trace",
                  traceId.toHex(),
                  "--server",
                  api,
                  "--token",
                  "a-reader",
                  "-o",
                  out.toString()))
          .as(err.toString())
          .isZero();
      assertThat(Files.readString(out)).contains(traceId.toHex());
    }
  }
}
