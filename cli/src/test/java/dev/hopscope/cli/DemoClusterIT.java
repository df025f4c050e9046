package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.local.LocalCluster;
import dev.hopscope.process.LoggedProcess;
import dev.hopscope.store.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hopscope demo --cluster} end to end, run as a user runs it ({@code java
 * -Dhopscope.home=<checkout> -jar hopscope.jar demo --cluster}, what {@code ./hopscope} execs) on
 * free ports only, with the smallest cluster: the printed UI answers; the shop's traces, complete
 * across webapp, auth (OTel Java agent) and the database, are found through the querier's search
 * and by id (native and Tempo APIs), {@code /hello}'s seed spans included; the service map has the
 * webapp → auth edge; SIGTERM stops every process the demo started and exits 0.
 */
class DemoClusterIT {
  private static final Pattern UI = Pattern.compile("UI and APIs\\s+(http://[^/\\s]+)/");
  private static final Pattern OTLP_HTTP = Pattern.compile("OTLP/HTTP (http://[^/\\s]+)/v1/traces");
  private static final Pattern SHOP_READY =
      Pattern.compile("shop ready: webapp (\\S+), fault admin (\\S+)");
  private static final Pattern STOPPED = Pattern.compile("hopscope demo: stopped in (\\d+) ms");

  /** A /products request's trace: auth's token check is in no other. */
  private static final String PRODUCTS = "{ name = \"ValidateToken\" }";

  /**
   * The shop's usual fault admin port (the demo module's {@code Shop.DEFAULT_FAULT_ADMIN_PORT}).
   */
  private static final int USUAL_FAULT_ADMIN_PORT = 16690;

  @TempDir Path work;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String ui;

  @Test
  void demoOnAClusterServesTheShopsTracesAndStopsEverythingOnSigterm() throws Exception {
    List<String> flags =
        List.of(
            "--cluster",
            "--any-ports",
            "--data-dir",
            work.resolve("cluster").toString(),
            // The smallest cluster: seven JVMs beside the shop's six on two shared cores.
            "--distributors",
            "1",
            "--block-builders",
            "1",
            "--live-stores",
            "1",
            "--partitions",
            "2",
            "--rate",
            "5",
            "--duration",
            "3m");
    Path log = work.resolve("demo.log");
    LoggedProcess demo = DemoProcess.start(flags, log, false);
    CompletableFuture<Matcher> uiLine = demo.watch(UI);
    CompletableFuture<Matcher> otlpLine = demo.watch(OTLP_HTTP);
    CompletableFuture<Matcher> shopLine = demo.watch(SHOP_READY);
    CompletableFuture<Matcher> stoppedLine = demo.watch(STOPPED);
    demo.follow();
    Phases phases = new Phases();
    try {
      ui = demo.await(uiLine, Duration.ofMinutes(5)).group(1);
      String otlp = demo.await(otlpLine, Duration.ofSeconds(10)).group(1);
      phases.done("the cluster started (UI " + ui + ", OTLP/HTTP " + otlp + ")");
      Matcher shop = demo.await(shopLine, Duration.ofMinutes(3));
      phases.done("the shop started (webapp " + shop.group(1) + ")");
      // --any-ports: nothing on the ports a developer's own Hopscope and demo use.
      assertThat(List.of(port(ui), port(otlp), port(shop.group(2))))
          .doesNotContainAnyElementsOf(
              List.of(
                  LocalCluster.Ports.usual().query(),
                  LocalCluster.Ports.usual().otlpHttp(),
                  USUAL_FAULT_ADMIN_PORT));

      HttpResponse<String> page = send(ui + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).containsIgnoringCase("<html").contains("Hopscope");
      phases.done("the UI answered");

      String products = awaitCompleteTrace(PRODUCTS);
      phases.done("a complete /products trace found by search and read by id");
      checkProductsTrace(products);

      String hello = awaitCompleteTrace("{ name = \"greet\" }");
      checkHelloTrace(hello);
      phases.done("a complete /hello trace");

      Await.until(
          "the service map's webapp → auth edge",
          Duration.ofSeconds(60),
          () -> edge("webapp", "auth") != null,
          () -> get("/api/graph").encode());
      JsonObject edge = edge("webapp", "auth");
      assertThat(edge.getLong("requests")).isPositive();
      phases.done("the map has webapp → auth (" + edge.getLong("requests") + " calls)");

      Set<ProcessHandle> started = startedProcesses(demo.pid());
      // Kafka, s3proxy and the five roles, for the watchdog that kills them if the demo is killed.
      assertThat(clusterPids()).as("pids the cluster records").hasSize(7);
      demo.terminate();
      int exit = demo.exitCode(Duration.ofMinutes(2));
      phases.done("SIGTERM: the demo exited with " + exit + ", " + started.size() + " processes");
      assertThat(exit).as("the demo's exit code after SIGTERM").isZero();
      System.out.println(
          "DemoClusterIT: the demo says it stopped in "
              + demo.await(stoppedLine, Duration.ofSeconds(10)).group(1)
              + " ms");
      Await.until(
          "every process the demo started to end",
          Duration.ofSeconds(30),
          () -> started.stream().noneMatch(ProcessHandle::isAlive),
          () -> describe(started.stream().filter(ProcessHandle::isAlive).toList()));
    } finally {
      if (demo.isAlive()) {
        ProcessHandle.of(demo.pid())
            .ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        demo.kill();
      }
      DemoProcess.print(log);
    }
  }

  /**
   * Every descendant of the demo, and the pids the cluster records for its watchdog, which must be
   * among them: a process the demo started but lost track of would outlive it.
   */
  private Set<ProcessHandle> startedProcesses(long demoPid) throws IOException {
    ProcessHandle demo = ProcessHandle.of(demoPid).orElseThrow();
    Set<ProcessHandle> started = new HashSet<>(demo.descendants().toList());
    for (long pid : clusterPids()) {
      ProcessHandle member = ProcessHandle.of(pid).orElseThrow();
      assertThat(member.isAlive()).as("recorded pid " + pid).isTrue();
      assertThat(started).as("recorded pid " + pid + " is the demo's").contains(member);
    }
    // Kafka, s3proxy, 5 roles, the watchdog, the shop and its 5 services (load included).
    assertThat(started).hasSizeGreaterThanOrEqualTo(7 + 1 + 6);
    return started;
  }

  private List<Long> clusterPids() throws IOException {
    String pids = Files.readString(work.resolve("cluster").resolve("pids")).trim();
    return Arrays.stream(pids.split("\\s+")).map(Long::parseLong).toList();
  }

  private static String describe(List<ProcessHandle> processes) {
    return processes.stream()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .toList()
        .toString();
  }

  /**
   * The newest trace the search finds for {@code query}, once all of it has arrived through the
   * querier: one root and every span's parent present (each service exports in batches of its own,
   * so a child may come before its parent).
   */
  private String awaitCompleteTrace(String query) {
    String[] id = new String[1];
    Await.until(
        "a complete trace for " + query,
        Duration.ofSeconds(120),
        () -> {
          JsonArray found =
              get("/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&limit=5")
                  .getJsonArray("traces");
          for (Object trace : found) {
            String traceId = ((JsonObject) trace).getString("traceId");
            if (DemoProcess.completeTrace(get("/api/traces/" + traceId).getJsonArray("spans"))) {
              id[0] = traceId;
              return true;
            }
          }
          return false;
        });
    return id[0];
  }

  private void checkProductsTrace(String traceId) {
    JsonArray spans = get("/api/traces/" + traceId).getJsonArray("spans");
    Set<String> services = new HashSet<>();
    String database = null;
    for (Object o : spans) {
      JsonObject span = (JsonObject) o;
      services.add(span.getString("serviceName"));
      if (NativeTraceJson.attribute(span, "db.system") != null) {
        database = String.valueOf(NativeTraceJson.attribute(span, "db.system"));
      }
    }
    assertThat(services).contains("webapp", "auth");
    assertThat(database).as("a JDBC span's db.system").isEqualTo("h2");
    JsonObject root = root(spans);
    assertThat(root.getString("serviceName")).isEqualTo("webapp");
    assertThat(root.getString("name")).isEqualTo("GET /products");
    JsonObject validate = NativeTraceJson.named(spans, "ValidateToken");
    assertThat(validate.getString("serviceName")).isEqualTo("auth");
    assertThat(NativeTraceJson.attribute(validate, "user.tier")).as("baggage on auth").isNotNull();
    // The same trace by id through Tempo's API, as Grafana reads it.
    assertThat(tempoSpanCount(traceId)).isEqualTo(spans.size());
  }

  private void checkHelloTrace(String traceId) {
    JsonArray spans = get("/api/traces/" + traceId).getJsonArray("spans");
    JsonObject sayHello = NativeTraceJson.named(spans, "say-hello");
    JsonObject greet = NativeTraceJson.named(spans, "greet");
    assertThat(greet.getString("parentSpanId")).isEqualTo(sayHello.getString("spanId"));
    assertThat(String.valueOf(NativeTraceJson.attribute(greet, "message"))).matches("Hello, \\w+!");
    assertThat(NativeTraceJson.attribute(sayHello, "request.method")).isEqualTo("GET");
    assertThat(root(spans).getString("name")).isEqualTo("GET /hello");
  }

  private static JsonObject root(JsonArray spans) {
    return spans.stream()
        .map(JsonObject.class::cast)
        .filter(span -> span.getString("parentSpanId").isEmpty())
        .findFirst()
        .orElseThrow();
  }

  private int tempoSpanCount(String traceId) {
    JsonObject body = get("/tempo/api/traces/" + traceId);
    JsonArray batches =
        body.containsKey("batches")
            ? body.getJsonArray("batches")
            : body.getJsonObject("trace").getJsonArray("resourceSpans");
    int spans = 0;
    for (Object resource : batches) {
      for (Object scope : ((JsonObject) resource).getJsonArray("scopeSpans")) {
        spans += ((JsonObject) scope).getJsonArray("spans").size();
      }
    }
    return spans;
  }

  /** The edge on the map as the UI asks for it (the last hour), or null. */
  private JsonObject edge(String caller, String callee) {
    for (Object o : get("/api/graph").getJsonArray("edges")) {
      JsonObject edge = (JsonObject) o;
      if (edge.getString("caller").equals(caller) && edge.getString("callee").equals(callee)) {
        return edge;
      }
    }
    return null;
  }

  private JsonObject get(String path) {
    HttpResponse<String> answer = send(ui + path);
    assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private HttpResponse<String> send(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int port(String url) {
    return URI.create(url).getPort();
  }

  /** Prints how long each phase took, for the CI log. */
  private static final class Phases {
    private final long start = System.nanoTime();
    private long last = start;

    void done(String phase) {
      long now = System.nanoTime();
      System.out.printf(
          "DemoClusterIT: %s in %.1f s (%.1f s since the start)%n",
          phase, (now - last) / 1e9, (now - start) / 1e9);
      last = now;
    }
  }
}
