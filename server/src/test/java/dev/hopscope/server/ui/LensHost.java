package dev.hopscope.server.ui;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Hosts the real Zipkin Lens the way its own container image does: the files under {@code
 * /zipkin/}, a {@code config.json} owned by the host, every other path answered with {@code
 * index.html} (Lens routes in the browser), and {@code /zipkin/api/...} forwarded to a Zipkin API —
 * here Hopscope's Zipkin port. Lens is read out of Zipkin's exec jar from Maven Central, where it
 * sits as a nested {@code BOOT-INF/lib/zipkin-lens-*.jar}.
 */
final class LensHost implements AutoCloseable {
  /** What Lens reads on every load; the Dependencies tab exists only when it is enabled. */
  static final JsonObject CONFIG =
      new JsonObject()
          .put("environment", "")
          .put("queryLimit", 10)
          .put("defaultLookback", 15 * 60 * 1000)
          .put("searchEnabled", true)
          .put(
              "dependency",
              new JsonObject()
                  .put("enabled", true)
                  .put("lowErrorRate", 0.5)
                  .put("highErrorRate", 0.75));

  private static final String BASE = "/zipkin/";

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, byte[]> files;
  private final HttpClient api;
  private final int apiPort;
  private final HttpServer server;
  private final List<String> apiCalls = new CopyOnWriteArrayList<>();

  LensHost(Path zipkinServerJar, int zipkinApiPort) {
    this.files = lensFiles(zipkinServerJar);
    this.apiPort = zipkinApiPort;
    this.api = vertx.createHttpClient();
    try {
      this.server =
          vertx
              .createHttpServer()
              .requestHandler(this::handle)
              .listen(0, "127.0.0.1")
              .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("could not start the Lens host", e);
    }
  }

  /** The address to open: Lens's root page. */
  String address() {
    return "http://127.0.0.1:" + server.actualPort() + BASE;
  }

  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (!path.startsWith(BASE)) {
      request.response().setStatusCode(302).putHeader("Location", BASE).end();
    } else if (path.equals(BASE + "config.json")) {
      reply(request, 200, "application/json", CONFIG.toBuffer().getBytes());
    } else if (path.startsWith(BASE + "api/")) {
      forward(request, request.uri().substring(BASE.length() - 1));
    } else {
      byte[] file = files.get(path.substring(BASE.length()));
      if (file != null) {
        reply(request, 200, contentType(path), file);
      } else if (path.startsWith(BASE + "static/")) {
        reply(request, 404, "text/plain", ("no file " + path).getBytes());
      } else {
        reply(request, 200, "text/html", files.get("index.html"));
      }
    }
  }

  /** Every API call Lens made through this host, as {@code "<status> <uri>"}. */
  List<String> apiCalls() {
    return List.copyOf(apiCalls);
  }

  private void forward(HttpServerRequest request, String uri) {
    api.request(HttpMethod.GET, apiPort, "127.0.0.1", uri)
        .compose(
            outbound -> {
              // As a reverse proxy on Hopscope's host does: the browser's session travels on.
              for (String header : List.of("Cookie", "Authorization")) {
                String value = request.getHeader(header);
                if (value != null) {
                  outbound.putHeader(header, value);
                }
              }
              return outbound.send();
            })
        .compose(
            answer ->
                answer
                    .body()
                    .map(
                        body -> {
                          apiCalls.add(answer.statusCode() + " " + uri);
                          return request
                              .response()
                              .setStatusCode(answer.statusCode())
                              .putHeader("Content-Type", answer.getHeader("Content-Type") + "")
                              .end(body);
                        }))
        .onFailure(
            failure -> reply(request, 502, "text/plain", String.valueOf(failure).getBytes()));
  }

  private static void reply(HttpServerRequest request, int status, String type, byte[] body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", type)
        .end(Buffer.buffer(body));
  }

  private static String contentType(String path) {
    if (path.endsWith(".js")) {
      return "text/javascript";
    } else if (path.endsWith(".css")) {
      return "text/css";
    } else if (path.endsWith(".html")) {
      return "text/html";
    } else if (path.endsWith(".png")) {
      return "image/png";
    } else if (path.endsWith(".ico")) {
      return "image/x-icon";
    }
    return "application/octet-stream";
  }

  /** The files under {@code zipkin-lens/} of the Lens jar nested in Zipkin's exec jar. */
  private static Map<String, byte[]> lensFiles(Path zipkinServerJar) {
    try (ZipFile outer = new ZipFile(zipkinServerJar.toFile())) {
      ZipEntry nested =
          outer.stream()
              .filter(e -> e.getName().matches("BOOT-INF/lib/zipkin-lens-[^/]+\\.jar"))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("no zipkin-lens jar in " + zipkinServerJar));
      byte[] lensJar;
      try (InputStream in = outer.getInputStream(nested)) {
        lensJar = in.readAllBytes();
      }
      Map<String, byte[]> files = new HashMap<>();
      try (ZipInputStream lens = new ZipInputStream(new ByteArrayInputStream(lensJar))) {
        for (ZipEntry entry = lens.getNextEntry(); entry != null; entry = lens.getNextEntry()) {
          if (!entry.isDirectory() && entry.getName().startsWith("zipkin-lens/")) {
            files.put(entry.getName().substring("zipkin-lens/".length()), lens.readAllBytes());
          }
        }
      }
      if (!files.containsKey("index.html")) {
        throw new IllegalStateException("no zipkin-lens/index.html in " + nested.getName());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
