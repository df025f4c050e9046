package dev.hopscope.bench.e2e;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** OTLP/gRPC {@code TraceService/Export} over one HTTP/2 connection (a client of its own). */
final class GrpcSender implements Sender {
  private static final ServiceMethod<Buffer, Buffer> EXPORT =
      ServiceMethod.client(
          ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"),
          "Export",
          GrpcMessageEncoder.IDENTITY,
          GrpcMessageDecoder.IDENTITY);

  private final GrpcClient client;
  private final SocketAddress address;

  GrpcSender(Vertx vertx, String host, int port) {
    this.client =
        GrpcClient.client(
            vertx,
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    this.address = SocketAddress.inetSocketAddress(port, host);
  }

  @Override
  public byte[] encode(SpanBatch batch) {
    return OtlpProtobufEncoder.encode(batch);
  }

  @Override
  public Outcome send(byte[] body) throws InterruptedException {
    Future<Outcome> outcome =
        client
            .request(address, EXPORT)
            .compose(request -> request.send(Buffer.buffer(body)))
            .compose(
                response ->
                    response
                        .last()
                        .transform(
                            reply -> {
                              GrpcStatus status = response.status();
                              if (status == GrpcStatus.OK && reply.succeeded()) {
                                return Future.succeededFuture(
                                    reply.result().length() == 0
                                        ? Outcome.ACKNOWLEDGED
                                        : Outcome.PARTIAL);
                              }
                              if (status == GrpcStatus.RESOURCE_EXHAUSTED
                                  || status == GrpcStatus.UNAVAILABLE) {
                                return Future.succeededFuture(Outcome.THROTTLED);
                              }
                              return Future.succeededFuture(Outcome.FAILED);
                            }));
    try {
      return outcome.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return Outcome.FAILED;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
