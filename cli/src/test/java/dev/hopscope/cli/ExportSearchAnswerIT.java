package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code hopscope export --query} pointed at something that is not Hopscope's API (Tempo answers
 * {@code /api/search} too, with {@code traceID}; a Jaeger UI answers any path with its page): the
 * user reads which answer was wrong and which flag to check, not a NullPointerException. A Hopscope
 * server never answers like this, so a stand-in server plays the other system.
 */
class ExportSearchAnswerIT {
  private static final String TEMPO_SEARCH =
      """
      {"traces":[{"traceID":"2f3e0cee77ae5dc9c17ade3689eb2e54","rootServiceName":"shop",\
      "durationMs":557}],"metrics":{"completedJobs":1,"totalJobs":1}}""";

  private HttpServer other;
  private volatile String answer = "";
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws IOException {
    other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext(
        "/",
        exchange -> {
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    other.start();
  }

  @AfterEach
  void stop() {
    other.stop(0);
  }

  @Test
  void aSearchAnswerWithoutTraceIdsNamesTheFieldAndTheFlag() {
    answer = TEMPO_SEARCH;
    assertThat(export()).isEqualTo(ErrorReport.EXIT_CODE);
    assertThat(err.toString())
        .contains("/api/search")
        .contains("traces[0].traceId")
        .contains("--server")
        .doesNotContain("NullPointerException");
  }

  @Test
  void aSearchAnswerWithoutTracesNamesTheFieldAndTheFlag() {
    answer = "{\"metrics\":{}}";
    assertThat(export()).isEqualTo(ErrorReport.EXIT_CODE);
    assertThat(err.toString())
        .contains("\"traces\"")
        .contains("--server")
        .doesNotContain("NullPointerException");
  }

  @Test
  void aPageInsteadOfJsonNamesTheFlag() {
    answer = "<!doctype html><html><body>Jaeger UI</body></html>";
    assertThat(export()).isEqualTo(ErrorReport.EXIT_CODE);
    assertThat(err.toString()).contains("not JSON").contains("--server");
  }

  private int export() {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(
        "export", "--query", "{ }", "--server", "http://127.0.0.1:" + other.getAddress().getPort());
  }
}
