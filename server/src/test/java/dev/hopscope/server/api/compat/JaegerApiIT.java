package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.MS;
import static dev.hopscope.server.api.compat.CompatFixture.assertKeys;
import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger's internal v1 API as Grafana's Jaeger data source and Jaeger UI's trace page decode it:
 * the envelope everywhere, {@code processes}, typed tags with the OTel-derived ones, micros.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerApiIT {
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

  private static void assertEnvelope(JsonObject answer, int total) {
    assertKeys(answer, "data", "total", "limit", "offset", "errors");
    assertThat(answer.getInteger("total")).isEqualTo(total);
    assertThat(answer.getInteger("limit")).isZero();
    assertThat(answer.getInteger("offset")).isZero();
    assertThat(answer.getValue("errors")).isNull();
  }

  @Test
  void servicesAndOperationsInTheEnvelope() throws Exception {
    JsonObject services = shop.json("/jaeger/api/services");
    assertEnvelope(services, 2);
    assertThat(services.getJsonArray("data").stream().toList()).containsExactly("auth", "webapp");

    JsonObject names = shop.json("/jaeger/api/services/auth/operations");
    assertThat(names.getJsonArray("data").stream().toList())
        .containsExactly("SELECT tokens", "ValidateToken");

    JsonObject operations = shop.json("/jaeger/api/operations?service=auth");
    assertEnvelope(operations, 2);
    JsonObject first = operations.getJsonArray("data").getJsonObject(0);
    assertKeys(first, "name", "spanKind");
    assertThat(first.getString("name")).isEqualTo("SELECT tokens");
    assertThat(first.getString("spanKind")).isEqualTo("client");
    JsonArray servers =
        shop.json("/jaeger/api/operations?service=auth&spanKind=server").getJsonArray("data");
    assertThat(servers).hasSize(1);
    assertThat(servers.getJsonObject(0).getString("name")).isEqualTo("ValidateToken");
  }

  @Test
  void searchFindsErrorTracesAndEncodesJaegersModel() throws Exception {
    // As Jaeger UI sends it: empty fields without '=', tags as a JSON object.
    JsonObject answer =
        shop.json(
            "/jaeger/api/traces?service=auth&operation=ValidateToken&tags="
                + encode("{\"error\":\"true\"}")
                + "&minDuration&maxDuration&lookback=1h&limit=20");
    assertEnvelope(answer, 3);
    JsonObject trace = answer.getJsonArray("data").getJsonObject(0);
    assertKeys(trace, "traceID", "spans", "processes", "warnings");
    assertThat(trace.getString("traceID")).isEqualTo(shop.traceId(20));

    JsonObject processes = trace.getJsonObject("processes");
    assertThat(processes.fieldNames()).containsExactlyInAnyOrder("p1", "p2");
    JsonObject webapp = processes.getJsonObject("p1");
    assertKeys(webapp, "serviceName", "tags");
    assertThat(webapp.getString("serviceName")).isEqualTo("webapp");
    Map<String, JsonObject> processTags = byKey(webapp.getJsonArray("tags"));
    assertThat(processTags).doesNotContainKey("service.name");
    assertThat(processTags.get("host.name").getString("value")).isEqualTo("host-a");

    JsonObject root = trace.getJsonArray("spans").getJsonObject(0);
    assertKeys(
        root,
        "traceID",
        "spanID",
        "flags",
        "operationName",
        "references",
        "startTime",
        "duration",
        "tags",
        "logs",
        "processID",
        "warnings");
    assertThat(root.getString("operationName")).isEqualTo("GET /products");
    assertThat(root.getString("spanID")).matches("[0-9a-f]{16}");
    assertThat(root.getJsonArray("references")).isEmpty();
    assertThat(root.getValue("startTime")).isInstanceOf(Long.class);
    assertThat(root.getLong("startTime")).isEqualTo((shop.base + 20 * 100 * MS) / 1000);
    assertThat(root.getLong("duration")).isEqualTo(33_000L);
    assertThat(root.getString("processID")).isEqualTo("p1");
    Map<String, JsonObject> tags = byKey(root.getJsonArray("tags"));
    assertThat(tags.get("span.kind").getString("value")).isEqualTo("server");
    assertThat(tags.get("error").getString("type")).isEqualTo("bool");
    assertThat(tags.get("error").getValue("value")).isEqualTo(true);
    assertThat(tags.get("otel.status_code").getString("value")).isEqualTo("ERROR");
    assertThat(tags.get("otel.status_description").getString("value")).isEqualTo("unauthorized");
    assertThat(tags.get("http.response.status_code").getString("type")).isEqualTo("int64");
    assertThat(tags.get("http.response.status_code").getValue("value")).isEqualTo(401);
    assertKeys(tags.get("http.route"), "key", "type", "value");

    JsonObject child = trace.getJsonArray("spans").getJsonObject(1);
    JsonObject reference = child.getJsonArray("references").getJsonObject(0);
    assertKeys(reference, "refType", "traceID", "spanID");
    assertThat(reference.getString("refType")).isEqualTo("CHILD_OF");
    assertThat(reference.getString("spanID")).isEqualTo(root.getString("spanID"));
  }

  @Test
  void searchByOperationAndSpanDuration() throws Exception {
    String products = "/jaeger/api/traces?service=webapp&operation=" + encode("SELECT products");
    assertThat(shop.json(products + "&minDuration=15ms&limit=100").getJsonArray("data"))
        .hasSize(30);
    assertThat(shop.json(products + "&minDuration=21ms").getJsonArray("data")).isEmpty();
    assertThat(shop.json(products + "&limit=5").getJsonArray("data")).hasSize(5);
    long now = System.currentTimeMillis() * 1000;
    String window = "&start=" + (now - 3_600_000_000L) + "&end=" + now;
    assertThat(shop.json(products + window).getJsonArray("data")).hasSize(30);
    String before = "&start=" + (now - 7_200_000_000L) + "&end=" + (now - 3_600_000_000L);
    assertThat(shop.json(products + before).getJsonArray("data")).isEmpty();
  }

  @Test
  void traceByIdAndTheCompareViewsMultiGet() throws Exception {
    JsonObject one = shop.json("/jaeger/api/traces/" + shop.traceId(3));
    assertEnvelope(one, 1);
    assertThat(one.getJsonArray("data").getJsonObject(0).getJsonArray("spans")).hasSize(5);
    JsonObject upper = shop.json("/jaeger/api/traces/" + shop.traceId(3).toUpperCase());
    assertThat(upper.getJsonArray("data")).hasSize(1);

    JsonObject two =
        shop.json("/jaeger/api/traces?traceID=" + shop.traceId(1) + "&traceID=" + shop.traceId(2));
    assertEnvelope(two, 2);
    assertThat(two.getJsonArray("data").getJsonObject(1).getString("traceID"))
        .isEqualTo(shop.traceId(2));
  }

  @Test
  void errorsUseTheEnvelopeWithCodeAndMessage() throws Exception {
    assertError("/jaeger/api/traces/" + "ab".repeat(16), 404, "not found");
    assertError("/jaeger/api/traces/not-hex", 400, "trace id");
    assertError("/jaeger/api/traces?operation=x", 400, "service");
    assertError("/jaeger/api/traces?service=auth&minDuration=fast", 400, "minDuration");
    assertError("/jaeger/api/traces?service=auth&tags=" + encode("[1]"), 400, "tags");
    assertError("/jaeger/api/operations", 400, "service");
    assertError("/jaeger/api/archive/" + shop.traceId(1), 404, "no API");
  }

  private void assertError(String path, int status, String mentions) throws Exception {
    HttpResponse<String> answer = shop.get(path);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    JsonObject body = new JsonObject(answer.body());
    assertKeys(body, "data", "total", "limit", "offset", "errors");
    assertThat(body.getValue("data")).isNull();
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("code")).isEqualTo(status);
    assertThat(error.getString("msg")).contains(mentions);
  }

  @Test
  void dependenciesLinkWebappToAuthAndTheDatabasePeers() throws Exception {
    long now = System.currentTimeMillis();
    JsonObject answer = shop.json("/jaeger/api/dependencies?endTs=" + now + "&lookback=3600000");
    assertEnvelope(answer, 3);
    Map<String, JsonObject> links = new HashMap<>();
    for (Object item : answer.getJsonArray("data")) {
      JsonObject link = (JsonObject) item;
      assertKeys(link, "parent", "child", "callCount");
      links.put(link.getString("parent") + "->" + link.getString("child"), link);
    }
    assertThat(links).containsKey("webapp->auth");
    assertThat(links.get("webapp->auth").getLong("callCount")).isEqualTo(30);
    // The h2 database is uninstrumented: it appears as a peer of both services.
    assertThat(links.keySet())
        .hasSize(3)
        .allMatch(key -> key.startsWith("webapp->") || key.startsWith("auth->"));
    JsonObject earlier =
        shop.json("/jaeger/api/dependencies?endTs=" + (now - 3_600_000) + "&lookback=60000");
    assertThat(earlier.getJsonArray("data")).isEmpty();
  }

  static Map<String, JsonObject> byKey(JsonArray tags) {
    Map<String, JsonObject> out = new HashMap<>();
    for (Object tag : tags) {
      JsonObject object = (JsonObject) tag;
      out.put(object.getString("key"), object);
    }
    return out;
  }
}
