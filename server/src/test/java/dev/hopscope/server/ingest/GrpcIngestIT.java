package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.store.memory.InMemoryTraceStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/gRPC status codes, messages and RetryInfo, as an OTLP exporter sees them. */
class GrpcIngestIT {
  private static final ServiceMethod<Buffer, Buffer> EXPORT =
      ServiceMethod.client(
          ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"),
          "Export",
          GrpcMessageEncoder.IDENTITY,
          GrpcMessageDecoder.IDENTITY);

  @TempDir Path dataDir;

  private Vertx vertx;
  private GrpcClient client;

  @BeforeEach
  void client() {
    vertx = Vertx.vertx();
    client = GrpcClient.client(vertx);
  }

  @AfterEach
  void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void malformedProtobufIsInvalidArgumentWithTheReason() throws Exception {
    try (HopscopeServer server = HopscopeServer.start(ServerConfig.forTests(dataDir))) {
      GrpcClientResponse<Buffer, Buffer> answer =
          export(server, new byte[] {0x0a, 0x7f, 0x01}, null);
      assertThat(answer.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(answer.statusMessage()).contains("ExportTraceServiceRequest");
    }
  }

  @Test
  void invalidTenantIsInvalidArgument() throws Exception {
    try (HopscopeServer server = HopscopeServer.start(ServerConfig.forTests(dataDir))) {
      GrpcClientResponse<Buffer, Buffer> answer = export(server, Requests.protobuf(s -> s), "../x");
      assertThat(answer.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(answer.statusMessage()).contains("X-Scope-OrgID");
    }
  }

  @Test
  void overloadIsResourceExhaustedWithRetryInfoAndTheFirstWriteStillLands() throws Exception {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    ServerConfig config = ServerConfig.forTests(dataDir).withMaxInflightBytes(1);
    try (HopscopeServer server =
        HopscopeServer.start(config, GatedStore.wrap(InMemoryTraceStore.create(), durable))) {
      String first = String.format("%032x", 7);
      CompletableFuture<GrpcClientResponse<Buffer, Buffer>> pending =
          exportAsync(server, Requests.protobuf(s -> s.setTraceId(Requests.bytes(first))), null);
      ServerMetricsText.awaitInflight(server);

      GrpcClientResponse<Buffer, Buffer> refused = export(server, Requests.protobuf(s -> s), null);
      assertThat(refused.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
      assertThat(refused.statusMessage()).contains("limits.maxInflightBytes");
      // A call answered with no message is "trailers-only": the status details come in the one
      // HEADERS frame, which this client exposes as headers.
      String details = refused.trailers().get("grpc-status-details-bin");
      if (details == null) {
        details = refused.headers().get("grpc-status-details-bin");
      }
      assertThat(retryDelaySeconds(details)).isEqualTo(1);

      durable.complete(null);
      assertThat(pending.get(30, TimeUnit.SECONDS).status()).isEqualTo(GrpcStatus.OK);
      assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(first))).isPresent();
    }
  }

  private GrpcClientResponse<Buffer, Buffer> export(
      HopscopeServer server, byte[] body, String tenant) throws Exception {
    return exportAsync(server, body, tenant).get(30, TimeUnit.SECONDS);
  }

  private CompletableFuture<GrpcClientResponse<Buffer, Buffer>> exportAsync(
      HopscopeServer server, byte[] body, String tenant) {
    return client
        .request(SocketAddress.inetSocketAddress(server.otlpGrpcPort(), "127.0.0.1"), EXPORT)
        .compose(
            request -> {
              if (tenant != null) {
                request.headers().set("X-Scope-OrgID", tenant);
              }
              request.end(Buffer.buffer(body));
              return request.response();
            })
        // end() fails for a non-OK status; the status and trailers are what these tests read.
        .compose(
            response ->
                response.end().transform(ended -> io.vertx.core.Future.succeededFuture(response)))
        .toCompletionStage()
        .toCompletableFuture();
  }

  /** Reads RetryInfo.retry_delay.seconds out of a base64 google.rpc.Status. */
  private static long retryDelaySeconds(String detailsBase64) throws Exception {
    assertThat(detailsBase64).as("grpc-status-details-bin").isNotNull();
    CodedInputStream status =
        CodedInputStream.newInstance(Base64.getDecoder().decode(detailsBase64));
    for (int tag = status.readTag(); tag != 0; tag = status.readTag()) {
      if (tag == (3 << 3 | 2)) {
        CodedInputStream any = CodedInputStream.newInstance(status.readByteArray());
        String type = "";
        byte[] value = new byte[0];
        for (int t = any.readTag(); t != 0; t = any.readTag()) {
          if (t == (1 << 3 | 2)) {
            type = any.readStringRequireUtf8();
          } else if (t == (2 << 3 | 2)) {
            value = any.readByteArray();
          } else {
            any.skipField(t);
          }
        }
        assertThat(type).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
        CodedInputStream retryInfo = CodedInputStream.newInstance(value);
        retryInfo.readTag();
        CodedInputStream duration = CodedInputStream.newInstance(retryInfo.readByteArray());
        duration.readTag();
        return duration.readInt64();
      }
      status.skipField(tag);
    }
    throw new AssertionError("no RetryInfo detail");
  }
}
