package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Zipkin's v2 read API on the Zipkin port, as Zipkin Lens calls it, next to span ingest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinApiIT {
  @TempDir static Path dataDir;

  private CompatFixture shop;

  @BeforeAll
  void load() throws Exception {
    shop = new CompatFixture(dataDir);
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return shop.get(shop.server.zipkinPort(), path, "application/json");
  }

  private JsonArray array(String path) throws Exception {
    HttpResponse<String> answer = get(path);
    assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    return new JsonArray(answer.body());
  }

  @Test
  void anyOriginMayCallItAsZipkinsDefaultAllowsSoLensHostedElsewhereWorks() throws Exception {
    String origin = "http://lens.example:8080";
    HttpClient http = HttpClient.newHttpClient();
    URI spans = URI.create("http://127.0.0.1:" + shop.server.zipkinPort() + "/api/v2/spans");
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(spans)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("*");
    assertThat(preflight.headers().firstValue("access-control-allow-methods").orElse(""))
        .contains("GET", "POST");
    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(URI.create(spans + "/../services").normalize())
                .header("Origin", origin)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("access-control-allow-origin")).hasValue("*");
    // A browser reporter's POST gets the header too, and its spans are kept.
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(spans)
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "[{\"traceId\":\"00000000000000000000000000c0ffee\",\"id\":\"00000000000000ee\","
                            + "\"name\":\"click\",\"timestamp\":1700000000000000,\"duration\":5,"
                            + "\"localEndpoint\":{\"serviceName\":\"browser\"}}]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as(post.body()).isEqualTo(202);
    assertThat(post.headers().firstValue("access-control-allow-origin")).hasValue("*");
    assertThat(array("/api/v2/trace/00000000000000000000000000c0ffee")).hasSize(1);
  }

  @Test
  void whatLensLoadsFirst() throws Exception {
    // Another test posts a "legacy" service through the Zipkin receiver.
    assertThat(array("/api/v2/services").stream().toList()).contains("auth", "webapp");
    assertThat(array("/api/v2/autocompleteKeys")).isEmpty();
    assertThat(array("/api/v2/autocompleteValues?key=env")).isEmpty();
    assertThat(array("/api/v2/spans?serviceName=auth").stream().toList())
        .containsExactly("SELECT tokens", "ValidateToken");
    assertThat(array("/api/v2/remoteServices?serviceName=webapp").stream().toList())
        .containsExactly("auth");
    assertThat(array("/api/v2/remoteServices?serviceName=auth")).isEmpty();
  }

  @Test
  void searchForErrorsReturnsWholeTracesWithTheErrorTag() throws Exception {
    JsonArray traces = array("/api/v2/traces?serviceName=auth&annotationQuery=error&limit=10");
    assertThat(traces).hasSize(3);
    JsonArray trace = traces.getJsonArray(0);
    assertThat(trace).hasSize(5);
    Map<String, JsonObject> byName = new HashMap<>();
    for (Object item : trace) {
      JsonObject span = (JsonObject) item;
      byName.put(span.getString("name") + "/" + span.getString("kind"), span);
    }
    JsonObject server = byName.get("ValidateToken/SERVER");
    assertThat(server.getString("traceId")).isEqualTo(shop.traceId(20));
    assertThat(server.getString("id")).matches("[0-9a-f]{16}");
    assertThat(server.getValue("timestamp")).isInstanceOf(Long.class);
    assertThat(server.getValue("duration")).isEqualTo(6000);
    assertThat(server.getJsonObject("localEndpoint").getString("serviceName")).isEqualTo("auth");
    assertThat(server.getJsonObject("tags").getString("error")).isEqualTo("token expired");
    assertThat(byName.get("GET /products/SERVER").containsKey("parentId")).isFalse();

    assertThat(
            array(
                "/api/v2/traces?serviceName=auth&annotationQuery="
                    + encode("user.tier=gold and error=token expired")))
        .hasSize(3);
    assertThat(array("/api/v2/traces?annotationQuery=" + encode("error=nope"))).isEmpty();
  }

  @Test
  void searchBySpanNameDurationRemoteServiceAndWindow() throws Exception {
    String products = "/api/v2/traces?serviceName=webapp&spanName=" + encode("SELECT products");
    assertThat(array(products)).hasSize(10);
    assertThat(array(products + "&minDuration=15000&maxDuration=25000&limit=100")).hasSize(30);
    assertThat(array(products + "&minDuration=21000")).isEmpty();
    assertThat(array("/api/v2/traces?serviceName=webapp&spanName=all&limit=100")).hasSize(30);
    assertThat(array("/api/v2/traces?serviceName=webapp&remoteServiceName=auth&limit=100"))
        .hasSize(30);
    assertThat(array("/api/v2/traces?serviceName=auth&remoteServiceName=webapp")).isEmpty();
    assertThat(array("/api/v2/traces?annotationQuery=db.system&limit=100")).hasSize(30);
    long now = System.currentTimeMillis();
    assertThat(array("/api/v2/traces?endTs=" + now + "&lookback=3600000")).hasSize(10);
    assertThat(array("/api/v2/traces?endTs=" + (now - 3_600_000) + "&lookback=60000")).isEmpty();
  }

  @Test
  void arrayAndMapAttributesAreJsonTagsAsOpenTelemetrysZipkinExportersWriteThem() throws Exception {
    TraceId traceId = new TraceId(0xa77a, 2);
    shop.sendArraySpan(traceId);

    HttpResponse<String> answer =
        shop.getAsTenant(
            shop.server.zipkinPort(),
            "/api/v2/trace/" + traceId.toHex(),
            CompatFixture.ARRAYS_TENANT);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonObject tags = new JsonArray(answer.body()).getJsonObject(0).getJsonObject("tags");
    CompatFixture.ARRAY_TAGS.forEach(
        (key, json) -> assertThat(tags.getString(key)).isEqualTo(json));
  }

  @Test
  void traceByIdAndMany() throws Exception {
    assertThat(array("/api/v2/trace/" + shop.traceId(7))).hasSize(5);
    JsonArray many = array("/api/v2/traceMany?traceIds=" + shop.traceId(7) + "," + shop.traceId(8));
    assertThat(many).hasSize(2);
    assertThat(many.getJsonArray(1).getJsonObject(0).getString("traceId"))
        .isEqualTo(shop.traceId(8));
  }

  @Test
  void dependenciesCountCallsAndErrors() throws Exception {
    long now = System.currentTimeMillis();
    JsonArray links = array("/api/v2/dependencies?endTs=" + now + "&lookback=3600000");
    JsonObject webappAuth = null;
    for (Object item : links) {
      JsonObject link = (JsonObject) item;
      assertThat(link.fieldNames())
          .containsExactlyInAnyOrder("parent", "child", "callCount", "errorCount");
      if (link.getString("parent").equals("webapp") && link.getString("child").equals("auth")) {
        webappAuth = link;
      }
    }
    assertThat(webappAuth).isNotNull();
    assertThat(webappAuth.getLong("callCount")).isEqualTo(30);
    assertThat(webappAuth.getLong("errorCount")).isEqualTo(3);
  }

  @Test
  void errorsArePlainTextAndIngestStillWorks() throws Exception {
    HttpResponse<String> missing = get("/api/v2/trace/" + "ab".repeat(16));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(missing.body()).contains("not found");
    assertThat(get("/api/v2/trace/xyz").statusCode()).isEqualTo(400);
    assertThat(get("/api/v2/spans").statusCode()).isEqualTo(400);
    assertThat(get("/api/v2/traceMany").statusCode()).isEqualTo(400);
    assertThat(get("/api/v2/traces?minDuration=slow").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/traces").statusCode()).isEqualTo(404);

    String traceId = "5af7183fb1d4cf5f";
    String span =
        "[{\"traceId\":\""
            + traceId
            + "\",\"id\":\"6b221d5bc9e6496c\",\"name\":\"get /zipkin\",\"kind\":\"SERVER\","
            + "\"timestamp\":"
            + (System.currentTimeMillis() - 1000) * 1000
            + ",\"duration\":1500,\"localEndpoint\":{\"serviceName\":\"legacy\"}}]";
    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + shop.server.zipkinPort() + "/api/v2/spans"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(span))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(202);
    JsonArray back = array("/api/v2/trace/" + traceId);
    assertThat(back.getJsonObject(0).getString("traceId")).isEqualTo(traceId);
    assertThat(back.getJsonObject(0).getString("name")).isEqualTo("get /zipkin");
  }
}
