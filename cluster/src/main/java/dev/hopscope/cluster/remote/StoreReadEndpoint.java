package dev.hopscope.cluster.remote;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TenantNames;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The live store's side of the internal read API: decodes a request ({@link StoreWire}), reads the
 * local store and encodes the answer. Transport-free, so the server mounts it on its HTTP port and
 * tests call it directly.
 *
 * <p>Search answers only traces of partitions this live store consumes now ({@code serves}): after
 * a rebalance the previous owner still holds what it read of a moved partition, a partial copy that
 * would otherwise be found first by the querier's merge. Trace by id and the name lists answer
 * everything held; the querier merges those across live stores anyway.
 */
public final class StoreReadEndpoint {
  /** Where the server mounts it: {@code POST <PATH><operation>}. */
  public static final String PATH = "/internal/store/v1/";

  /** The most traces, and spans, one search page carries (a page is held in memory twice). */
  static final int MAX_PAGE_TRACES = 1_000;

  static final int MAX_PAGE_SPANS = 50_000;

  /** The operations, as named in the path. */
  public enum Operation {
    TRACE,
    SEARCH,
    SERVICES,
    OPERATIONS,
    ATTRIBUTE_NAMES,
    ATTRIBUTE_VALUES;

    public String path() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Operation parse(String path) {
      for (Operation operation : values()) {
        if (operation.path().equals(path)) {
          return operation;
        }
      }
      throw new IllegalArgumentException(
          "no internal store operation \""
              + path
              + "\"; this live store serves "
              + List.of(values()).stream().map(Operation::path).toList()
              + " under "
              + PATH);
    }
  }

  private final TraceSource source;
  private final Predicate<TraceId> serves;

  public StoreReadEndpoint(TraceSource source, Predicate<TraceId> serves) {
    this.source = source;
    this.serves = serves;
  }

  /**
   * Answers one request; {@link IllegalArgumentException} for a request this endpoint cannot read
   * (the caller's fault: answer 400 with its message).
   */
  public byte[] handle(String operation, byte[] body) {
    return handle(operation, body, tenant -> {});
  }

  /**
   * As {@link #handle(String, byte[])}, with {@code mayRead} called with the request's tenant
   * before anything is read: it throws to refuse (the tenant is in the body, so only here can a
   * caller's right to it be checked).
   */
  public byte[] handle(String operation, byte[] body, Consumer<String> mayRead) {
    Operation op = Operation.parse(operation);
    ByteSink out;
    try {
      ByteSource in = new ByteSource(body);
      String tenant = TenantNames.requireValid(StoreWire.readRequest(in));
      mayRead.accept(tenant);
      out = answer(op, tenant, in);
    } catch (MalformedDataException e) {
      throw new IllegalArgumentException(
          "internal store request " + op.path() + " is malformed: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private ByteSink answer(Operation op, String tenant, ByteSource in) {
    ByteSink out = StoreWire.reply();
    switch (op) {
      case TRACE ->
          StoreWire.writeTraces(
              out, source.trace(tenant, StoreWire.readTraceId(in)).map(List::of).orElse(List.of()));
      case SEARCH -> {
        SearchRequest request = StoreWire.readSearch(in);
        int pageTraces = Math.clamp(in.readVarInt(), 1, MAX_PAGE_TRACES);
        search(out, tenant, request, pageTraces);
      }
      case SERVICES ->
          StoreWire.writeStrings(out, source.services(tenant, StoreWire.readRange(in)));
      case OPERATIONS -> {
        String service = in.readString();
        StoreWire.writeStrings(out, source.operations(tenant, service, StoreWire.readRange(in)));
      }
      case ATTRIBUTE_NAMES ->
          StoreWire.writeStrings(out, source.attributeNames(tenant, StoreWire.readRange(in)));
      case ATTRIBUTE_VALUES -> {
        String name = in.readString();
        String prefix = in.readString();
        StoreWire.writeStrings(
            out,
            source.attributeValues(
                tenant, name, prefix, StoreWire.readRange(in), Math.max(0, in.readVarInt())));
      }
    }
    return out;
  }

  /** One page: a flag saying whether more follow, then the traces in the request's order. */
  private void search(ByteSink out, String tenant, SearchRequest request, int pageTraces) {
    List<Trace> page = new ArrayList<>();
    boolean more;
    try (Stream<Trace> results = source.search(tenant, request)) {
      Iterator<Trace> it = results.filter(trace -> serves.test(trace.traceId())).iterator();
      long spans = 0;
      while (page.size() < pageTraces && spans < MAX_PAGE_SPANS && it.hasNext()) {
        Trace trace = it.next();
        page.add(trace);
        spans += trace.spans().size();
      }
      more = it.hasNext();
    }
    out.writeByte(more ? 1 : 0);
    StoreWire.writeTraces(out, page);
  }
}
