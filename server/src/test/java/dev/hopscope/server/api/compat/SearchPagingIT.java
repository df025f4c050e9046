package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.testing.Loader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native search cursor under ingest (issue 6): page through 10,000 matching traces twice over
 * HTTP while new traces arrive between pages, some newer than everything and some back-dated among
 * the traces not yet paged. No page repeats a trace, and every trace older than the first page that
 * existed when a pass started is seen in that pass.
 */
class SearchPagingIT {
  private static final long MS = 1_000_000L;
  private static final int TRACES = 10_000;
  private static final int PAGE = 500;

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random(20261201L);

  /** Start time of every trace sent, by id, to know which are older than the first page. */
  private final Map<String, Long> starts = new HashMap<>();

  private final Resource resource =
      Resource.of(Attributes.builder().put("service.name", "pager").build());

  @Test
  void pagingTwiceWhileIngestContinuesHasNoDuplicatesAndNoGaps() throws Exception {
    try (HopscopeServer server = HopscopeServer.start(ServerConfig.forTests(dataDir))) {
      Loader loader = new Loader(server);
      long now = System.currentTimeMillis() * MS;
      long base = now - 10 * 60_000 * MS;
      // Originals 5 ms apart; back-dated arrivals land 1 ms after one of them.
      List<Span> originals = new ArrayList<>();
      Set<String> existing = new HashSet<>();
      for (int i = 0; i < TRACES; i++) {
        Span span = span(base + i * 5 * MS);
        originals.add(span);
        existing.add(span.traceId().toHex());
      }
      for (int from = 0; from < TRACES; from += 1_000) {
        loader.send(originals.subList(from, from + 1_000));
      }
      String window = "&start=" + (base / MS - 60_000) + "&end=" + (now / MS + 3_600_000);
      int arrivals = 0;
      for (int pass = 0; pass < 2; pass++) {
        Set<String> before = new HashSet<>(existing);
        Set<String> seen = new LinkedHashSet<>();
        long firstPageOldest = Long.MAX_VALUE;
        String cursor = null;
        int pages = 0;
        do {
          JsonObject page =
              get(
                  server,
                  "/api/search?q="
                      + URLEncoder.encode(
                          "{ resource.service.name = \"pager\" }", StandardCharsets.UTF_8)
                      + "&limit="
                      + PAGE
                      + window
                      + (cursor == null
                          ? ""
                          : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
          for (Object item : page.getJsonArray("traces")) {
            JsonObject trace = (JsonObject) item;
            assertThat(seen.add(trace.getString("traceId")))
                .as("pass %d page %d repeats %s", pass, pages, trace.getString("traceId"))
                .isTrue();
            if (pages == 0) {
              firstPageOldest =
                  Math.min(firstPageOldest, Long.parseLong(trace.getString("startTimeUnixNano")));
            }
          }
          cursor = page.getString("next");
          pages++;
          // Ingest continues between pages: 5 newest traces and 5 back-dated ones.
          List<Span> batch = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            batch.add(span(System.currentTimeMillis() * MS + i));
            batch.add(span(base + random.nextInt(TRACES) * 5 * MS + MS));
          }
          loader.send(batch);
          batch.forEach(span -> existing.add(span.traceId().toHex()));
          arrivals += batch.size();
        } while (cursor != null && pages < 100);
        long oldestOfFirstPage = firstPageOldest;
        Set<String> expected = new HashSet<>();
        for (String id : before) {
          if (startOf(id) < oldestOfFirstPage) {
            expected.add(id);
          }
        }
        assertThat(expected.size()).isGreaterThan(TRACES - PAGE - 1);
        assertThat(seen).as("pass %d", pass).containsAll(expected);
      }
      assertThat(arrivals).isGreaterThan(2 * 10 * (TRACES / PAGE) - 1);
    }
  }

  private long startOf(String traceId) {
    return starts.get(traceId);
  }

  private Span span(long start) {
    TraceId traceId = new TraceId(random.nextLong() | 1, random.nextLong() | 1);
    starts.put(traceId.toHex(), start);
    return Span.builder(traceId, new SpanId(random.nextLong() | 1))
        .name("page")
        .kind(SpanKind.SERVER)
        .startNanos(start)
        .endNanos(start + MS)
        .resource(resource)
        .scope(InstrumentationScope.of("dev.hopscope.testing", "1.0"))
        .build();
  }

  private JsonObject get(HopscopeServer server, String path) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }
}
