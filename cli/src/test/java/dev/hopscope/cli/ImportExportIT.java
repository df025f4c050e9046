package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.otlp.OtlpJsonEncoder;
import dev.hopscope.otlp.ZipkinJsonEncoder;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `hopscope import` and `hopscope export` against a running server: a lossless round trip. */
class ImportExportIT {
  @TempDir Path dir;

  private HopscopeServer server;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    server = HopscopeServer.start(ServerConfig.forTests(dir.resolve("data")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void exportedTracesImportBackIdentically() throws Exception {
    TraceId traceId = new RandomSpans(5).traceId();
    List<Span> spans = spansOfOneTrace(traceId, 30);
    Path lines = dir.resolve("collector-export.jsonl");
    // Two requests on two lines, as the Collector's file exporter writes them.
    Files.writeString(
        lines,
        OtlpJsonEncoder.encode(spans.subList(0, 10))
            + "\n"
            + OtlpJsonEncoder.encode(spans.subList(10, 30))
            + "\n");

    assertThat(run("import", lines.toString(), "--endpoint", otlpEndpoint()))
        .as(err.toString())
        .isZero();
    Trace imported =
        server.store().trace("single-tenant", traceId).orElseThrow(() -> new AssertionError(err));
    assertThat(imported.spans()).containsExactlyInAnyOrderElementsOf(spans);

    Path exported = dir.resolve("exported.jsonl");
    assertThat(
            run(
                "export",
                "--trace",
                traceId.toHex(),
                "--server",
                apiAddress(),
                "-o",
                exported.toString()))
        .as(err.toString())
        .isZero();
    assertThat(Files.readAllLines(exported, StandardCharsets.UTF_8)).hasSize(1);

    assertThat(run("import", exported.toString(), "--endpoint", otlpEndpoint(), "--tenant", "copy"))
        .as(err.toString())
        .isZero();
    assertThat(
            server
                .store()
                .trace("copy", traceId)
                .orElseThrow(
                    () ->
                        new AssertionError(
                            server.store().tenants()
                                + " "
                                + err.toString().replace((char) 13, (char) 124)))
                .spans())
        .containsExactlyElementsOf(imported.spans());
  }

  @Test
  void importsZipkinJsonAndReportsInvalidSpansByLine() throws Exception {
    TraceId traceId = new RandomSpans(6).traceId();
    Path zipkin = dir.resolve("zipkin.json");
    Files.writeString(zipkin, ZipkinJsonEncoder.encode(spansOfOneTrace(traceId, 5)));
    assertThat(run("import", zipkin.toString(), "--endpoint", otlpEndpoint()))
        .as(err.toString())
        .isZero();
    assertThat(server.store().trace("single-tenant", traceId).orElseThrow().spans()).hasSize(5);

    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"resourceSpans\": [\n");
    assertThat(run("import", broken.toString(), "--endpoint", otlpEndpoint())).isEqualTo(3);
    assertThat(err.toString()).contains("broken.jsonl:1");
  }

  @Test
  void exportsTheTracesAQueryFinds() throws Exception {
    List<TraceId> traceIds = List.of(new RandomSpans(7).traceId(), new RandomSpans(8).traceId());
    Path lines = dir.resolve("two-traces.jsonl");
    Files.writeString(
        lines,
        OtlpJsonEncoder.encode(spansOfOneTrace(traceIds.get(0), 3))
            + "\n"
            + OtlpJsonEncoder.encode(spansOfOneTrace(traceIds.get(1), 4))
            + "\n");
    assertThat(run("import", lines.toString(), "--endpoint", otlpEndpoint()))
        .as(err.toString())
        .isZero();

    Path exported = dir.resolve("found.jsonl");
    assertThat(run("export", "--query", "{ }", "--server", apiAddress(), "-o", exported.toString()))
        .as(err.toString())
        .isZero();
    // One OTLP JSON request per line, each holding one trace: the line names its trace's id.
    List<String> exportedIds =
        Files.readAllLines(exported, StandardCharsets.UTF_8).stream()
            .map(
                line ->
                    traceIds.stream()
                        .map(TraceId::toHex)
                        .filter(line::contains)
                        .findFirst()
                        .orElse(line))
            .toList();
    assertThat(exportedIds)
        .containsExactlyInAnyOrderElementsOf(traceIds.stream().map(TraceId::toHex).toList());
  }

  private List<Span> spansOfOneTrace(TraceId traceId, int count) {
    RandomSpans random = new RandomSpans(traceId.low());
    long now = System.currentTimeMillis() * 1_000_000L;
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Span span = random.span(traceId);
      spans.add(
          Span.builder(traceId, span.spanId())
              .parentSpanId(span.parentSpanId().orElse(null))
              .name(span.name())
              .kind(span.kind())
              .startNanos(now + i * 1000L)
              .endNanos(now + i * 1000L + span.durationNanos())
              .attributes(span.attributes())
              .status(span.status())
              .resource(span.resource())
              .scope(span.scope())
              .build());
    }
    return spans;
  }

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new HopscopeCommand());
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(args);
  }

  private String otlpEndpoint() {
    return "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces";
  }

  private String apiAddress() {
    return "http://127.0.0.1:" + server.httpPort();
  }
}
