package dev.hopscope.server.api.compat;

import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.graph.ServiceGraph;
import dev.hopscope.analysis.graph.ServiceGraphSnapshot;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SearchResult;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.DigestedGraph;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What every compatibility API needs from the read side: TraceQL searches (each API compiles its
 * search form to TraceQL), traces by id and the service graph.
 */
final class Searches {
  /** How many recent traces of a service are read to learn the span kinds of its operations. */
  static final int OPERATION_SAMPLE = 1_000;

  /** Search forms return at most this many traces, whatever the client asks for. */
  static final int MAX_RESULTS = 1_500;

  final TraceSource source;
  final TraceQlEngine engine;
  final SearchLimits limits;
  final InstantSource clock;

  Searches(TraceSource source, TraceQlEngine engine, SearchLimits limits, InstantSource clock) {
    this.source = source;
    this.engine = engine;
    this.limits = limits;
    this.clock = clock;
  }

  /** The matches of a search and why it stopped early, if a limit stopped it. */
  record Found(List<TraceMatch> matches, long inspectedTraces, Optional<String> stoppedBy) {}

  /** Up to {@code limit} traces matching {@code query}, newest first (callers cap the limit). */
  Found search(String tenant, String query, TimeRange range, int limit) {
    TraceQlQuery parsed = engine.parse(query);
    List<TraceMatch> matches = new ArrayList<>();
    Optional<SearchCursor> after = Optional.empty();
    long inspected = 0;
    int wanted = limit;
    while (matches.size() < wanted) {
      SearchResult page =
          engine.search(
              source,
              tenant,
              parsed,
              range,
              Math.min(500, wanted - matches.size()),
              SearchOrder.NEWEST_FIRST,
              after,
              limits);
      matches.addAll(page.traces());
      inspected += page.inspectedTraces();
      if (page.stoppedBy().isPresent()) {
        return new Found(matches, inspected, page.stoppedBy());
      }
      if (page.next().isEmpty()) {
        break;
      }
      after = page.next();
    }
    return new Found(matches, inspected, Optional.empty());
  }

  /** An operation of a service with a span kind, as Jaeger lists them. */
  record Operation(String name, String spanKind) {}

  /**
   * The operations of a service (of every service when none is named, as Jaeger's v3 API allows)
   * with their span kinds. Names come from the store's catalog; kinds from the spans of the newest
   * {@value #OPERATION_SAMPLE} traces of the service (the catalog has no kinds). A name with no
   * span in that sample, or spans of kind unspecified, is listed as {@code internal}, which is what
   * OpenTelemetry means by an unspecified kind.
   */
  List<Operation> operations(String tenant, Optional<String> service, TimeRange range) {
    SortedSet<Operation> out =
        new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
    Set<String> named = new HashSet<>();
    String query = service.map(s -> TraceQlBuilder.create().serviceName(s).build()).orElse("{ }");
    for (TraceMatch match : search(tenant, query, range, OPERATION_SAMPLE).matches()) {
      for (Span span : match.trace().spans()) {
        if (service.isEmpty() || span.serviceName().equals(service.get())) {
          out.add(new Operation(span.name(), JaegerJson.kind(span.kind())));
          named.add(span.name());
        }
      }
    }
    List<String> services = service.map(List::of).orElseGet(() -> source.services(tenant, range));
    for (String each : services) {
      for (String name : source.operations(tenant, each, range)) {
        if (!named.contains(name)) {
          out.add(new Operation(name, "internal"));
        }
      }
    }
    return List.copyOf(out);
  }

  Optional<Trace> trace(String tenant, TraceId id) {
    return source.trace(tenant, id);
  }

  Trace traceOr404(String tenant, TraceId id) {
    return source.trace(tenant, id).orElseThrow(() -> ApiException.traceNotFound(id));
  }

  /**
   * The service graph of a window, from the same hop analysis as the native {@code /api/graph}:
   * from the store's digests where it keeps them, else from the latest traces.
   */
  ServiceGraphSnapshot graph(String tenant, TimeRange range) {
    Optional<ServiceGraph> digested = DigestedGraph.read(source, tenant, range);
    if (digested.isPresent()) {
      return digested.get().snapshot();
    }
    ServiceGraph graph = ServiceGraph.create();
    for (TraceMatch match :
        search(tenant, "{ }", range, SearchLimits.MAX_AGGREGATED_TRACES).matches()) {
      graph.add(TraceAnalyzer.analyze(match.trace()));
    }
    return graph.snapshot();
  }
}
