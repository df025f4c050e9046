package dev.hopscope.server.testing;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import dev.hopscope.server.HopscopeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Sends spans to a running server the way an SDK does: OTLP/HTTP protobuf. */
public final class Loader {
  private final HttpClient http = HttpClient.newHttpClient();
  private final HopscopeServer server;

  public Loader(HopscopeServer server) {
    this.server = server;
  }

  public void send(List<Span> spans) throws IOException, InterruptedException {
    send(spans, null);
  }

  public void send(List<Span> spans, String tenant) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    OtlpProtobufEncoder.encode(SpanBatch.of(spans))));
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("ingest answered " + answer.statusCode() + ": " + answer.body());
    }
  }
}
