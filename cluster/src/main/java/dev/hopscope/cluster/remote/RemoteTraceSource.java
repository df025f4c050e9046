package dev.hopscope.cluster.remote;

import dev.hopscope.cluster.remote.StoreReadEndpoint.Operation;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One live store's reads over its internal API ({@link StoreReadEndpoint}). Search is paged by
 * cursor: each page asks for the traces after the last one received, so the live store keeps no
 * state between pages. Every failure (unreachable, timed out, an error answer, an undecodable
 * reply) is a {@link LiveStoreUnavailableException} naming the store.
 */
public final class RemoteTraceSource implements TraceSource {
  /** Traces asked for per search page: enough to make a round trip worth it, few to waste. */
  static final int PAGE_TRACES = 200;

  private final HttpClient http;
  private final String address;
  private final URI base;
  private final Duration timeout;

  private final Optional<String> token;

  /** {@code address}: the live store's HTTP query port, {@code host:port}. */
  public RemoteTraceSource(HttpClient http, String address, Duration timeout) {
    this(http, address, timeout, Optional.empty());
  }

  /**
   * {@code token}: sent as {@code Authorization: Bearer} to live stores that check tokens; it must
   * be allowed to read every tenant the querier asks for (an operator's read token).
   */
  public RemoteTraceSource(
      HttpClient http, String address, Duration timeout, Optional<String> token) {
    this.http = http;
    this.address = address;
    this.base = URI.create("http://" + address + StoreReadEndpoint.PATH);
    this.timeout = timeout;
    this.token = token;
  }

  public String address() {
    return address;
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    ByteSink request = StoreWire.request(tenant);
    StoreWire.writeTraceId(request, traceId);
    List<Trace> found = call(Operation.TRACE, request, StoreWire::readTraces);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    Iterator<Trace> pages = new Pages(tenant, request);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    ByteSink request = StoreWire.request(tenant);
    StoreWire.writeRange(request, range);
    return call(Operation.SERVICES, request, StoreWire::readStrings);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    ByteSink request = StoreWire.request(tenant).writeString(service);
    StoreWire.writeRange(request, range);
    return call(Operation.OPERATIONS, request, StoreWire::readStrings);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    ByteSink request = StoreWire.request(tenant);
    StoreWire.writeRange(request, range);
    return call(Operation.ATTRIBUTE_NAMES, request, StoreWire::readStrings);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    ByteSink request = StoreWire.request(tenant).writeString(scopedName).writeString(prefix);
    StoreWire.writeRange(request, range);
    request.writeVarInt(limit);
    return call(Operation.ATTRIBUTE_VALUES, request, StoreWire::readStrings);
  }

  /**
   * A scan is a paged search, newest first and without hints, kept to the traces with a span
   * starting in the window: the same set a scan answers (every such trace overlaps the window) in
   * the order {@code scan(limit)} wants, over the one paging path.
   */
  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    try (Stream<Trace> traces = scanned(tenant, range)) {
      traces.forEach(consumer);
    }
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    try (Stream<Trace> traces = scanned(tenant, range)) {
      Iterator<Trace> it = traces.iterator();
      for (int i = 0; i < limit && it.hasNext(); i++) {
        consumer.accept(it.next());
      }
      return it.hasNext();
    }
  }

  private Stream<Trace> scanned(String tenant, TimeRange range) {
    return search(tenant, SearchRequest.of(range)).filter(trace -> startsIn(trace, range));
  }

  private static boolean startsIn(Trace trace, TimeRange range) {
    for (Span span : trace.spans()) {
      if (range.contains(span.startNanos())) {
        return true;
      }
    }
    return false;
  }

  /** Fetches search pages as the caller reads, each after the last trace of the one before. */
  private final class Pages implements Iterator<Trace> {
    private final String tenant;
    private final SearchRequest first;
    private final ArrayDeque<Trace> page = new ArrayDeque<>();
    private Optional<SearchCursor> after;
    private boolean more = true;

    Pages(String tenant, SearchRequest first) {
      this.tenant = tenant;
      this.first = first;
      this.after = first.after();
    }

    @Override
    public boolean hasNext() {
      while (page.isEmpty() && more) {
        ByteSink request = StoreWire.request(tenant);
        StoreWire.writeSearch(
            request, new SearchRequest(first.range(), first.hints(), first.order(), after));
        request.writeVarInt(PAGE_TRACES);
        List<Trace> traces =
            call(
                Operation.SEARCH,
                request,
                in -> {
                  more = in.readByte() == 1;
                  return StoreWire.readTraces(in);
                });
        if (!traces.isEmpty()) {
          Trace last = traces.get(traces.size() - 1);
          SearchOrder order = first.order();
          after = Optional.of(new SearchCursor(order.sortKey(last), last.traceId()));
        } else if (more) {
          throw new LiveStoreUnavailableException(address, "answered an empty page with more");
        }
        page.addAll(traces);
      }
      return !page.isEmpty();
    }

    @Override
    public Trace next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.removeFirst();
    }
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(ByteSource in);
  }

  private <T> T call(Operation operation, ByteSink body, Reader<T> reader) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(operation.path()))
            .timeout(timeout)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new LiveStoreUnavailableException(address, e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LiveStoreUnavailableException(address, "interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new LiveStoreUnavailableException(
          address,
          operation.path()
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    try {
      return reader.read(StoreWire.readReply(response.body()));
    } catch (MalformedDataException | IllegalArgumentException e) {
      throw new LiveStoreUnavailableException(
          address, operation.path() + " answered what this querier cannot read: " + e, e);
    }
  }
}
