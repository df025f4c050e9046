package dev.hopscope.cluster.remote;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.internal.TraceMerger;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Every configured live store read as one source: each call goes to all of them in parallel, each
 * bounded by a timeout, and the answers are merged (traces by id with duplicate spans kept once,
 * search streams by the request's order, name lists as sorted unions).
 *
 * <p>A live store that fails is skipped: the answer is built from the others and from the bucket,
 * the failure is counted ({@link #failures}) and logged when the store goes down and when it comes
 * back, not on every request. The answer is not marked partial: what a dead live store held is in
 * the bucket within a block-builder cycle, and its partitions move to the other live stores, which
 * replay them, so the gap is minutes of data for the time a rebalance and replay take.
 */
public final class LiveStoresSource implements TraceSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LiveStoresSource.class.getName());

  private final HttpClient http;
  private final List<Member> members;
  private final Duration timeout;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  /** A live store, with what the querier has seen of it. */
  public static final class Member {
    private final RemoteTraceSource source;
    private final java.util.concurrent.atomic.AtomicLong failures =
        new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean reachable = true;

    Member(RemoteTraceSource source) {
      this.source = source;
    }

    public String address() {
      return source.address();
    }

    /** Calls that failed since start. */
    public long failures() {
      return failures.get();
    }

    /** Whether the last call succeeded. */
    public boolean reachable() {
      return reachable;
    }

    void succeeded() {
      if (!reachable) {
        reachable = true;
        LOG.log(Level.INFO, "live store {0} answers again", address());
      }
    }

    void failed(Throwable failure) {
      failures.incrementAndGet();
      if (reachable) {
        reachable = false;
        LOG.log(
            Level.WARNING,
            "live store {0} is skipped until it answers again; reads use the other live stores and"
                + " the bucket: {1}",
            address(),
            failure.getMessage());
      }
    }
  }

  /** {@code addresses}: each live store's HTTP query port, {@code host:port}. */
  public LiveStoresSource(List<String> addresses, Duration timeout) {
    this(addresses, timeout, Optional.empty());
  }

  /** As above; {@code token} goes to every live store ({@link RemoteTraceSource}). */
  public LiveStoresSource(List<String> addresses, Duration timeout, Optional<String> token) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("querier.liveStores names no live store");
    }
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(min(timeout, Duration.ofSeconds(2)))
            .build();
    this.members =
        addresses.stream()
            .map(a -> new Member(new RemoteTraceSource(http, a, timeout, token)))
            .toList();
    this.timeout = timeout;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  public List<Member> members() {
    return members;
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    TraceMerger merger = new TraceMerger(traceId);
    for (Optional<Trace> found : each(m -> m.source.trace(tenant, traceId))) {
      found.ifPresent(trace -> merger.addAll(trace.spans()));
    }
    return merger.build();
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    // Opening a stream fetches its first page, so the stores are asked in parallel.
    List<Optional<Head>> heads =
        each(
            member -> {
              Iterator<Trace> traces = member.source.search(tenant, request).iterator();
              return traces.hasNext()
                  ? Optional.of(new Head(member, traces, traces.next()))
                  : Optional.<Head>empty();
            });
    Iterator<Trace> merged = new Merged(request.order(), heads);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * One store's search stream with its current head, while it has one; a failure mid-stream ends
   * that stream.
   */
  private static final class Head {
    private final Member member;
    private final Iterator<Trace> rest;
    private Trace current;

    Head(Member member, Iterator<Trace> rest, Trace current) {
      this.member = member;
      this.rest = rest;
      this.current = current;
    }

    /** Moves to the stream's next trace; false when it has none (ended or failed). */
    boolean advance() {
      try {
        if (rest.hasNext()) {
          current = rest.next();
          return true;
        }
      } catch (LiveStoreUnavailableException e) {
        member.failed(e);
      }
      return false;
    }
  }

  /** Takes the first head in the request's order; a trace already handed out is skipped. */
  private static final class Merged implements Iterator<Trace> {
    private final SearchOrder order;
    private final PriorityQueue<Head> queue;
    private final Set<TraceId> handedOut = new HashSet<>();
    private @Nullable Trace next;

    /** {@code heads}: one per store that answered, empty for a store with nothing to hand out. */
    Merged(SearchOrder order, List<Optional<Head>> heads) {
      this.order = order;
      Comparator<Head> first =
          (a, b) ->
              SearchOrder.compare(
                  order.sortKey(a.current),
                  a.current.traceId(),
                  order.sortKey(b.current),
                  b.current.traceId());
      this.queue = new PriorityQueue<>(Math.max(1, heads.size()), first);
      heads.stream().flatMap(Optional::stream).forEach(queue::add);
    }

    @Override
    public boolean hasNext() {
      return peek() != null;
    }

    /** The trace next() hands out, taken from the queue if not yet; null when every head ended. */
    private @Nullable Trace peek() {
      while (next == null && !queue.isEmpty()) {
        Head head = queue.poll();
        Trace candidate = head.current;
        if (head.advance()) {
          queue.add(head);
        }
        // Partitions belong to one live store at a time, so a trace twice is rare (a rebalance
        // between two pages); the first copy in the order stands.
        if (handedOut.add(candidate.traceId())) {
          next = candidate;
        }
      }
      return next;
    }

    @Override
    public Trace next() {
      Trace out = peek();
      if (out == null) {
        throw new NoSuchElementException();
      }
      next = null;
      return out;
    }

    @Override
    public String toString() {
      return "merged search in " + order;
    }
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return union(each(m -> m.source.services(tenant, range)), Integer.MAX_VALUE);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    return union(each(m -> m.source.operations(tenant, service, range)), Integer.MAX_VALUE);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return union(each(m -> m.source.attributeNames(tenant, range)), Integer.MAX_VALUE);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    return union(
        each(m -> m.source.attributeValues(tenant, scopedName, prefix, range, limit)), limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    // One store after the other: the consumer need not be thread-safe.
    Set<TraceId> seen = new HashSet<>();
    for (Member member : members) {
      try {
        member.source.scan(
            tenant,
            range,
            trace -> {
              if (seen.add(trace.traceId())) {
                consumer.accept(trace);
              }
            });
        member.succeeded();
      } catch (LiveStoreUnavailableException e) {
        member.failed(e);
      }
    }
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    record Part(List<Trace> traces, boolean more) {}
    List<Part> parts =
        each(
            m -> {
              List<Trace> traces = new ArrayList<>();
              boolean more = m.source.scan(tenant, range, limit, traces::add);
              return new Part(traces, more);
            });
    List<Trace> all = new ArrayList<>();
    Set<TraceId> seen = new HashSet<>();
    boolean more = false;
    for (Part part : parts) {
      more |= part.more();
      part.traces().stream().filter(t -> seen.add(t.traceId())).forEach(all::add);
    }
    all.sort(Comparator.comparingLong(Trace::startNanos).reversed());
    all.stream().limit(limit).forEach(consumer);
    return more || all.size() > limit;
  }

  /** Calls every store in parallel; returns the answers of those that answered in time. */
  private <T> List<T> each(Function<Member, T> call) {
    List<Future<T>> futures = new ArrayList<>(members.size());
    for (Member member : members) {
      futures.add(calls.submit(() -> call.apply(member)));
    }
    List<T> answers = new ArrayList<>(members.size());
    // The HTTP timeout bounds each call; the extra second covers decoding a large answer.
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    for (int i = 0; i < members.size(); i++) {
      Member member = members.get(i);
      try {
        answers.add(
            futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        member.succeeded();
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        member.failed(new LiveStoreUnavailableException(member.address(), "timed out", e));
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof LiveStoreUnavailableException)) {
          throw new IllegalStateException(e.getCause());
        }
        member.failed(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while asking the live stores", e);
      }
    }
    return answers;
  }

  private static List<String> union(List<List<String>> lists, int limit) {
    TreeSet<String> all = new TreeSet<>();
    lists.forEach(all::addAll);
    return all.stream().limit(limit).toList();
  }

  @Override
  public void close() {
    calls.shutdownNow();
    http.close();
  }
}
