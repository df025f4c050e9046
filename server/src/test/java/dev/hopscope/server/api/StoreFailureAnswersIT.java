package dev.hopscope.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.ingest.Tenants;
import dev.hopscope.server.testing.ShopTraces;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.internal.block.BlockDecodeException;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import dev.hopscope.store.memory.InMemoryTraceStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the query APIs answer a store that cannot read: a read error is 503 with Retry-After (the
 * block stays and answers again once readable), a decode bug is 500 with an error id that the
 * server log carries next to the stack trace.
 */
class StoreFailureAnswersIT {
  private static final long MS = 1_000_000L;

  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aBlockTheDiskCannotReadIs503WithRetryAfterAndAnswersAgainOnceReadable() throws Exception {
    List<Span> trace =
        new ShopTraces(7).trace((System.currentTimeMillis() - 60_000) * MS, 1, false);
    String id = trace.getFirst().traceId().toString();
    try (HopscopeServer server = HopscopeServer.start(ServerConfig.forTests(dataDir))) {
      server.store().write(Tenants.DEFAULT, SpanBatch.of(trace)).join();
      ((EmbeddedTraceStore) server.store()).flush();
      Path block = onlyBlock();
      byte[] intact = Files.readAllBytes(block);
      try (RandomAccessFile cut = new RandomAccessFile(block.toFile(), "rw")) {
        cut.setLength(12);
      }
      for (String path : List.of("/api/traces/" + id, "/jaeger/api/traces/" + id)) {
        HttpResponse<String> answer = get(server, path);
        assertThat(answer.statusCode()).as(path).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as(path).contains("1");
        assertThat(answer.body())
            .as(path)
            .contains(block.getFileName().toString())
            .contains("retry");
      }

      Files.write(block, intact);
      HttpResponse<String> answer = get(server, "/api/traces/" + id);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains(id);
      assertThat(block).exists();
    }
  }

  @Test
  void aDecodeBugIs500WithAnErrorIdTheLogCarriesWithTheStackTrace() throws Exception {
    BlockDecodeException bug =
        new BlockDecodeException(
            Path.of("/data/tenants/single-tenant/blocks/0000000000000007.blk"),
            new MalformedDataException("span kind 15 outside 0..5"));
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = capture(logged);
    Logger logger = Logger.getLogger(FailedRequest.class.getName());
    logger.addHandler(capture);
    try (HopscopeServer server =
        HopscopeServer.start(ServerConfig.forTests(dataDir), failingTraceReads(bug))) {
      String id = "0af7651916cd43dd8448eb211c80319c";
      HttpResponse<String> answer = get(server, "/api/traces/" + id);
      assertThat(answer.statusCode()).isEqualTo(500);
      String error = new JsonObject(answer.body()).getString("error");
      String errorId = error.replaceFirst("^internal error ([0-9a-f]{8}): .*", "$1");
      assertThat(errorId).hasSize(8);
      assertThat(error).contains("0000000000000007.blk").contains("not disk damage");

      HttpResponse<String> jaeger = get(server, "/jaeger/api/traces/" + id);
      assertThat(jaeger.statusCode()).isEqualTo(500);
      assertThat(jaeger.body()).containsPattern("internal error [0-9a-f]{8}: ");

      synchronized (logged) {
        assertThat(logged)
            .anySatisfy(
                record -> {
                  assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                  assertThat(record.getMessage()).contains("error id " + errorId);
                  assertThat(record.getThrown()).isSameAs(bug);
                });
      }
    } finally {
      logger.removeHandler(capture);
    }
  }

  /** A real in-memory store whose trace lookups fail with {@code failure}. */
  private static TraceStore failingTraceReads(RuntimeException failure) {
    TraceStore store = InMemoryTraceStore.create();
    return (TraceStore)
        Proxy.newProxyInstance(
            TraceStore.class.getClassLoader(),
            new Class<?>[] {TraceStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("trace")) {
                throw failure;
              }
              return method.invoke(store, args);
            });
  }

  private static Handler capture(List<LogRecord> into) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (into) {
          into.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  private Path onlyBlock() throws IOException {
    Path blocks = dataDir.resolve("tenants").resolve(Tenants.DEFAULT).resolve("blocks");
    try (Stream<Path> files = Files.list(blocks)) {
      return files.toList().getFirst();
    }
  }

  private HttpResponse<String> get(HopscopeServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
