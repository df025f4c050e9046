package dev.hopscope.server.ingest;

import dev.hopscope.otlp.DecodeResult;
import dev.hopscope.otlp.Decompression;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.otlp.MalformedRequestException;
import dev.hopscope.otlp.OtlpJsonDecoder;
import dev.hopscope.otlp.OtlpProtobufDecoder;
import dev.hopscope.otlp.RejectReason;
import dev.hopscope.otlp.ZipkinJsonDecoder;
import dev.hopscope.server.config.TenantLimits;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.store.SpanSink;
import dev.hopscope.store.StoreOverloadedException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The one path every receiver shares: admit (in-flight bytes), inflate, decode and validate, write
 * to the store, and answer only when the store says the batch is durable. Transports only move
 * bytes and map {@link IngestOutcome}s to status codes.
 */
public final class IngestPipeline {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** The reason a request without partial success is refused for its invalid spans. */
  static final String INVALID_SPANS = "invalid_spans";

  /** The reason valid spans are counted as rejected when their request was refused. */
  static final String REQUEST_REFUSED = "request_refused";

  /** Reasons of per-tenant limits, on the rejected requests and spans counters. */
  static final String TENANT_RATE_LIMITED = "tenant_rate_limited";

  static final String TENANT_SPAN_RATE_LIMITED = "tenant_span_rate_limited";
  static final String TRACE_TOO_LARGE = "trace_too_large";

  /**
   * How long a trace's size is followed after its last span at least (one generation, see {@link
   * TraceSizeLimiter}): the head's cut age, so a trace is followed while it is in the head.
   */
  private static final Duration TRACE_SIZE_GENERATION = Duration.ofMinutes(5);

  /** Traces per tenant per generation; past it the generation turns early (bounded memory). */
  private static final int TRACES_FOLLOWED = 200_000;

  private final SpanSink sink;
  private final IngestLimits limits;
  private final InflightLimiter limiter;
  private final ServerMetrics metrics;
  private final Executor decodeExecutor;
  private final TenantRateLimiter tenantRate;
  private final TenantRateLimiter tenantSpans;
  private final TraceSizeLimiter traceSizes;

  public IngestPipeline(
      SpanSink sink,
      IngestLimits limits,
      InflightLimiter limiter,
      ServerMetrics metrics,
      Executor decodeExecutor) {
    this(sink, limits, limiter, metrics, decodeExecutor, TenantLimits.none());
  }

  /** With per-tenant limits: request bytes/s, spans/s and bytes per trace. */
  public IngestPipeline(
      SpanSink sink,
      IngestLimits limits,
      InflightLimiter limiter,
      ServerMetrics metrics,
      Executor decodeExecutor,
      TenantLimits tenantLimits) {
    this.sink = sink;
    this.limits = limits;
    this.limiter = limiter;
    this.metrics = metrics;
    this.decodeExecutor = decodeExecutor;
    this.tenantRate =
        new TenantRateLimiter(
            tenant -> {
              TenantLimits.Limits own = tenantLimits.of(tenant);
              return new TenantRateLimiter.Rate(own.bytesPerSecond(), own.burstBytes());
            },
            System::nanoTime);
    this.tenantSpans =
        new TenantRateLimiter(
            tenant -> {
              TenantLimits.Limits own = tenantLimits.of(tenant);
              return new TenantRateLimiter.Rate(own.spansPerSecond(), own.burstSpans());
            },
            System::nanoTime);
    this.traceSizes =
        new TraceSizeLimiter(
            tenant -> tenantLimits.of(tenant).maxBytesPerTrace(),
            System::nanoTime,
            TRACE_SIZE_GENERATION.toNanos(),
            TRACES_FOLLOWED);
  }

  public IngestLimits limits() {
    return limits;
  }

  /**
   * Ingests one request body as sent (possibly compressed). Never throws: every failure becomes an
   * outcome, counted in the metrics by reason.
   */
  public CompletableFuture<IngestOutcome> ingest(
      Protocol protocol, String tenant, byte[] body, @Nullable String contentEncoding) {
    if (!tryAdmit(body.length)) {
      metrics.rejectedRequest(protocol.label(), "overloaded");
      return CompletableFuture.completedFuture(record(protocol, overloaded(), System.nanoTime()));
    }
    return ingestAdmitted(protocol, tenant, body, contentEncoding);
  }

  /**
   * Takes {@code bytes} of the in-flight budget for a body that is still arriving, so that a
   * receiver counts the bytes it buffers before it holds them. The caller gives them back with
   * {@link #release} or hands them on with {@link #ingestAdmitted}; a refusal is not counted here.
   */
  boolean tryAdmit(long bytes) {
    return limiter.tryAcquire(bytes);
  }

  /** Gives back bytes taken by {@link #tryAdmit} for a body that will never be ingested. */
  void release(long bytes) {
    limiter.release(bytes);
  }

  /** The answer when the in-flight budget is full ({@link #tryAdmit} said no). */
  IngestOutcome.Overloaded overloaded() {
    return new IngestOutcome.Overloaded(
        "Hopscope is ingesting "
            + limiter.inflightBytes()
            + " bytes, at its limit of "
            + limiter.maxBytes()
            + " in-flight bytes (limits.maxInflightBytes); retry after "
            + RETRY_AFTER.toSeconds()
            + " s, or raise the limit",
        RETRY_AFTER);
  }

  /**
   * {@link #ingest} for a body whose {@code body.length} bytes the caller already took with {@link
   * #tryAdmit}: the pipeline now owns them and gives them back when the request is done.
   */
  CompletableFuture<IngestOutcome> ingestAdmitted(
      Protocol protocol, String tenant, byte[] body, @Nullable String contentEncoding) {
    Duration wait = tenantRate.tryTake(tenant, body.length);
    if (!wait.isZero()) {
      limiter.release(body.length);
      metrics.rejectedRequest(protocol.label(), TENANT_RATE_LIMITED);
      TenantRateLimiter.Rate rate = tenantRate.rate(tenant);
      return CompletableFuture.completedFuture(
          record(
              protocol,
              new IngestOutcome.Overloaded(
                  overRate(tenant, rate, "request bytes", "Bytes", wait), wait),
              System.nanoTime()));
    }
    long started = System.nanoTime();
    long[] held = {body.length};
    CompletableFuture<DecodeResult> decoded;
    try {
      decoded =
          CompletableFuture.supplyAsync(
              () -> {
                byte[] plain =
                    Decompression.inflate(body, contentEncoding, limits.maxDecompressedBytes());
                long extra = Math.max(0, plain.length - body.length);
                if (extra > 0 && !limiter.tryAcquire(extra)) {
                  throw new OverloadedException();
                }
                held[0] += extra;
                return decode(protocol, plain);
              },
              decodeExecutor);
    } catch (RejectedExecutionException e) {
      limiter.release(held[0]);
      return CompletableFuture.completedFuture(
          record(
              protocol,
              new IngestOutcome.Unavailable("Hopscope is shutting down; retry", RETRY_AFTER),
              started));
    }
    return decoded
        .thenCompose(result -> write(protocol, tenant, body.length, result))
        .exceptionally(failure -> failed(protocol, unwrap(failure)))
        .whenComplete((outcome, failure) -> limiter.release(held[0]))
        .thenApply(outcome -> record(protocol, outcome, started));
  }

  private DecodeResult decode(Protocol protocol, byte[] plain) {
    return switch (protocol) {
      case OTLP_GRPC, OTLP_HTTP_PROTOBUF -> OtlpProtobufDecoder.decode(plain, limits);
      case OTLP_HTTP_JSON -> OtlpJsonDecoder.decode(plain, limits);
      case ZIPKIN_JSON -> ZipkinJsonDecoder.decode(plain, limits);
    };
  }

  /**
   * The message of a rate refusal: the tenant, its limit with the keys that set it (defaults and
   * {@code overrides.<tenant>}), when to retry and what to change.
   */
  private static String overRate(
      String tenant, TenantRateLimiter.Rate rate, String unit, String key, Duration wait) {
    return "tenant \""
        + tenant
        + "\" is sending more than its limit of "
        + rate.perSecond()
        + " "
        + unit
        + "/s (limits.tenant"
        + key
        + "PerSecond, burst "
        + rate.burst()
        + ": limits.tenantBurst"
        + key
        + "; per tenant under overrides."
        + tenant
        + ".limits); retry after "
        + wait.toSeconds()
        + " s, send less, or ask the operator to raise the limit";
  }

  private CompletableFuture<IngestOutcome> write(
      Protocol protocol, String tenant, long bytes, DecodeResult decoded) {
    DecodeResult result = decoded;
    for (Map.Entry<RejectReason, Integer> entry : result.rejectedByReason().entrySet()) {
      metrics.rejectedSpans(protocol.label(), entry.getKey().label(), entry.getValue());
    }
    if (result.hasRejections() && !protocol.partialSuccess()) {
      // The valid spans of a refused request are not kept either: counted, so that received and
      // rejected spans still add up to what was sent.
      if (!result.accepted().isEmpty()) {
        metrics.rejectedSpans(protocol.label(), REQUEST_REFUSED, result.accepted().size());
      }
      metrics.rejectedRequest(protocol.label(), INVALID_SPANS);
      return CompletableFuture.completedFuture(
          new IngestOutcome.Rejected(INVALID_SPANS, ZipkinJsonDecoder.refusal(result), false));
    }
    if (result.accepted().isEmpty()) {
      return CompletableFuture.completedFuture(new IngestOutcome.Accepted(result));
    }
    Duration wait = tenantSpans.tryTake(tenant, result.accepted().size());
    if (!wait.isZero()) {
      // Spans are known only once decoded: the bytes rate above costs nothing, this one a decode.
      metrics.rejectedRequest(protocol.label(), TENANT_SPAN_RATE_LIMITED);
      metrics.rejectedSpans(protocol.label(), REQUEST_REFUSED, result.accepted().size());
      return CompletableFuture.completedFuture(
          new IngestOutcome.Overloaded(
              overRate(tenant, tenantSpans.rate(tenant), "spans", "Spans", wait), wait));
    }
    TraceSizeLimiter.Admission admission = traceSizes.admit(tenant, result.accepted());
    if (admission.refusedSpans() > 0) {
      metrics.rejectedSpans(protocol.label(), TRACE_TOO_LARGE, admission.refusedSpans());
      String refusal =
          admission.refusedSpans()
              + " spans refused, their traces at the limit (limits.maxBytesPerTrace; per tenant"
              + " overrides."
              + tenant
              + ".limits.maxBytesPerTrace); the first: "
              + admission.firstRefusal().orElseThrow()
              + "; the trace's spans accepted before are kept. Split such traces or ask the"
              + " operator to raise the limit";
      if (!protocol.partialSuccess()) {
        // Zipkin has no partial success: the request is refused whole, and counted nowhere.
        traceSizes.release(tenant, admission);
        metrics.rejectedSpans(protocol.label(), REQUEST_REFUSED, admission.accepted().size());
        metrics.rejectedRequest(protocol.label(), TRACE_TOO_LARGE);
        return CompletableFuture.completedFuture(
            new IngestOutcome.Rejected(
                TRACE_TOO_LARGE, "nothing of this request was kept: " + refusal, false));
      }
      int rejected = result.rejectedSpans() + admission.refusedSpans();
      result =
          new DecodeResult(
              admission.accepted(),
              rejected,
              result.hasRejections() ? result.errorMessage() + "; " + refusal : refusal,
              result.rejectedByReason(),
              result.rejectionDetails());
      if (admission.accepted().isEmpty()) {
        return CompletableFuture.completedFuture(new IngestOutcome.Accepted(result));
      }
    }
    DecodeResult written = result;
    return sink.write(tenant, written.accepted())
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                traceSizes.release(tenant, admission);
              }
            })
        .thenApply(
            ignored -> {
              metrics.received(protocol.label(), tenant, written.accepted().size(), bytes);
              return new IngestOutcome.Accepted(written);
            });
  }

  private IngestOutcome failed(Protocol protocol, Throwable failure) {
    if (failure instanceof MalformedRequestException malformed) {
      String reason = malformed.reason().label();
      metrics.rejectedRequest(protocol.label(), reason);
      return new IngestOutcome.Rejected(
          reason,
          Objects.requireNonNullElse(malformed.getMessage(), malformed.toString()),
          isSizeLimit(malformed.reason()));
    }
    if (failure instanceof OverloadedException) {
      metrics.rejectedRequest(protocol.label(), "overloaded");
      return new IngestOutcome.Overloaded(
          "the decompressed request does not fit in the in-flight limit of "
              + limiter.maxBytes()
              + " bytes (limits.maxInflightBytes); retry after "
              + RETRY_AFTER.toSeconds()
              + " s",
          RETRY_AFTER);
    }
    if (failure instanceof StoreOverloadedException slowDown) {
      // The store is behind, not broken: "slow down" (429 / RESOURCE_EXHAUSTED), as the OTLP
      // spec asks for throttling; 503 is for a store that cannot write at all.
      metrics.rejectedRequest(protocol.label(), "store_overloaded");
      return new IngestOutcome.Overloaded(
          slowDown.getMessage() + "; nothing of this request was kept", RETRY_AFTER);
    }
    metrics.rejectedRequest(protocol.label(), "store_unavailable");
    return new IngestOutcome.Unavailable(
        "the store could not make the spans durable: "
            + failure.getMessage()
            + "; nothing of this request was kept, retry later",
        RETRY_AFTER);
  }

  private static boolean isSizeLimit(RejectReason reason) {
    return reason == RejectReason.BODY_TOO_LARGE || reason == RejectReason.DECOMPRESSED_TOO_LARGE;
  }

  private IngestOutcome record(Protocol protocol, IngestOutcome outcome, long started) {
    String label =
        switch (outcome) {
          case IngestOutcome.Accepted accepted ->
              accepted.result().rejectedSpans() > 0 ? "partial" : "ok";
          case IngestOutcome.Rejected rejected -> "rejected";
          case IngestOutcome.Overloaded overloaded -> "overloaded";
          case IngestOutcome.Unavailable unavailable -> "unavailable";
        };
    metrics.requestDone(protocol.label(), label, System.nanoTime() - started);
    return outcome;
  }

  private static Throwable unwrap(Throwable failure) {
    while (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    return failure;
  }

  /** Thrown inside the decode task when the inflated body does not fit the in-flight budget. */
  private static final class OverloadedException extends RuntimeException {
    OverloadedException() {
      super(null, null, false, false);
    }
  }
}
