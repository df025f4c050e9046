package dev.hopscope.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hopscope.cluster.kafka.TracePartitioner;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.memory.InMemoryTraceStore;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two live stores, each serving its partitions over the internal read API on a real HTTP server,
 * and a third address where nothing listens, read through {@link LiveStoresSource}: every read
 * answers as one store holding every trace would, across several search pages, with the dead one
 * skipped and counted.
 */
class LiveStoresSourceIT {
  private static final String TENANT = "acme";
  private static final int PARTITIONS = 4;

  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
  }

  @Test
  void readsAcrossLiveStoresAnswerAsOneStoreHoldingEverything() throws Exception {
    // More traces than one search page holds, so paging by cursor is exercised.
    List<Trace> traces = TraceFixtures.randomTraces(18, 3 * RemoteTraceSource.PAGE_TRACES);
    InMemoryTraceStore all = store();
    InMemoryTraceStore first = store();
    InMemoryTraceStore second = store();
    Predicate<TraceId> firstOwns = id -> partition(id) < 2;
    for (Trace trace : traces) {
      write(all, trace.spans());
      write(firstOwns.test(trace.traceId()) ? first : second, trace.spans());
      if (firstOwns.test(trace.traceId()) && trace.spans().size() > 1) {
        // The second one held this partition before a rebalance: a copy that stopped growing.
        write(second, trace.spans().subList(0, 1));
      }
    }
    String dead = deadAddress();
    try (LiveStoresSource live =
        new LiveStoresSource(
            List.of(serve(first, firstOwns), serve(second, firstOwns.negate()), dead),
            Duration.ofSeconds(5))) {
      for (Trace trace : traces) {
        assertThat(live.trace(TENANT, trace.traceId())).contains(trace);
      }
      assertThat(live.trace(TENANT, new TraceId(1, 2))).isEmpty();
      String service = traces.get(0).spans().get(0).serviceName();
      for (SearchOrder order : SearchOrder.values()) {
        List<SearchRequest> requests =
            List.of(
                new SearchRequest(TimeRange.ALL, List.of(), order, Optional.empty()),
                new SearchRequest(
                    TimeRange.ALL,
                    List.of(new SearchHint.ServiceName(service)),
                    order,
                    Optional.empty()),
                new SearchRequest(
                    TimeRange.ALL, List.of(), order, Optional.of(cursor(order, traces))));
        for (SearchRequest request : requests) {
          assertThat(search(live, request)).isEqualTo(search(all, request));
        }
      }
      TimeRange window = middle(traces);
      for (TimeRange range : List.of(TimeRange.ALL, window)) {
        assertThat(live.services(TENANT, range)).isEqualTo(all.services(TENANT, range));
        assertThat(live.operations(TENANT, service, range))
            .isEqualTo(all.operations(TENANT, service, range));
        assertThat(live.attributeNames(TENANT, range)).isEqualTo(all.attributeNames(TENANT, range));
        assertThat(live.attributeValues(TENANT, "resource.service.name", "", range, 3))
            .isEqualTo(all.attributeValues(TENANT, "resource.service.name", "", range, 3));
        assertThat(byId(scan(live, range))).isEqualTo(byId(scan(all, range)));
        List<Trace> latest = new ArrayList<>();
        List<Trace> expectedLatest = new ArrayList<>();
        boolean more = live.scan(TENANT, range, 25, latest::add);
        assertThat(more).isEqualTo(all.scan(TENANT, range, 25, expectedLatest::add));
        assertThat(byId(latest)).isEqualTo(byId(expectedLatest));
      }
      LiveStoresSource.Member unreachable = live.members().get(2);
      assertThat(unreachable.address()).isEqualTo(dead);
      assertThat(unreachable.reachable()).isFalse();
      assertThat(unreachable.failures()).isPositive();
      assertThat(live.members().subList(0, 2))
          .allSatisfy(member -> assertThat(member.failures()).isZero());
    }
  }

  @Test
  void aLiveStoreThatAnswersAnErrorIsSkippedAndTheOthersStillAnswer() throws Exception {
    Trace trace = TraceFixtures.randomTraces(19, 1).get(0);
    InMemoryTraceStore healthy = store();
    write(healthy, trace.spans());
    HttpServer broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    broken.createContext(
        "/",
        exchange -> {
          byte[] body = "disk on fire".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(500, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    broken.start();
    servers.add(broken);
    try (LiveStoresSource live =
        new LiveStoresSource(
            List.of("127.0.0.1:" + broken.getAddress().getPort(), serve(healthy, id -> true)),
            Duration.ofSeconds(5))) {
      assertThat(live.trace(TENANT, trace.traceId())).contains(trace);
      assertThat(search(live, SearchRequest.of(TimeRange.ALL))).containsExactly(trace);
      assertThat(live.members().get(0).failures()).isEqualTo(2);
      assertThat(live.members().get(0).reachable()).isFalse();
    }
  }

  private static int partition(TraceId id) {
    return TracePartitioner.partition(id.high(), id.low(), PARTITIONS);
  }

  private String serve(TraceSource source, Predicate<TraceId> serves) throws IOException {
    StoreReadEndpoint endpoint = new StoreReadEndpoint(source, serves);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        StoreReadEndpoint.PATH,
        exchange -> {
          String operation =
              exchange.getRequestURI().getPath().substring(StoreReadEndpoint.PATH.length());
          byte[] answer;
          int status = 200;
          try {
            answer = endpoint.handle(operation, exchange.getRequestBody().readAllBytes());
          } catch (IllegalArgumentException e) {
            status = 400;
            answer = e.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
    servers.add(server);
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** An address that was just free: connections to it are refused. */
  private static String deadAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static SearchCursor cursor(SearchOrder order, List<Trace> traces) {
    Trace somewhere = traces.get(traces.size() / 3);
    return new SearchCursor(order.sortKey(somewhere), somewhere.traceId());
  }

  /** A window around the middle start time, so some traces overlap it without starting in it. */
  private static TimeRange middle(List<Trace> traces) {
    List<Long> starts = traces.stream().map(Trace::startNanos).sorted().toList();
    return new TimeRange(starts.get(starts.size() / 3), starts.get(2 * starts.size() / 3));
  }

  private static List<Trace> search(TraceSource source, SearchRequest request) {
    try (Stream<Trace> answers = source.search(TENANT, request)) {
      return answers.toList();
    }
  }

  private static List<Trace> scan(TraceSource source, TimeRange range) {
    List<Trace> out = new ArrayList<>();
    source.scan(TENANT, range, out::add);
    return out;
  }

  private static List<Trace> byId(List<Trace> traces) {
    assertThat(Set.copyOf(traces.stream().map(Trace::traceId).toList())).hasSize(traces.size());
    return traces.stream().sorted(Comparator.comparing(Trace::traceId)).toList();
  }

  private static InMemoryTraceStore store() {
    return InMemoryTraceStore.builder().retention(Duration.ofDays(3650)).build();
  }

  private static void write(InMemoryTraceStore store, List<Span> spans) {
    store.write(TENANT, TraceFixtures.batchOfSpans(spans)).join();
  }
}
