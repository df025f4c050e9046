package dev.hopscope.server.tls;

import dev.hopscope.server.config.TlsConfig;
import dev.hopscope.server.config.TlsConfig.Listener;
import dev.hopscope.server.metrics.ServerMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * TLS on the listeners that have it: their options at start, a look at their files every {@link
 * #CHECK_EVERY} on a thread of its own (reading files is blocking, and waiting for Vert.x to build
 * the new context must not hold an event loop), and the counts operators need — reloads by outcome,
 * refused handshakes by reason, and when each served certificate expires.
 */
public final class TlsListeners implements AutoCloseable {
  public static final Duration CHECK_EVERY = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(TlsListeners.class.getName());

  private final Map<Listener, ListenerCertificates> certificates = new EnumMap<>(Listener.class);
  // The files of the listeners this role opened: only theirs are watched and reported.
  private final Set<ListenerCertificates> open = ConcurrentHashMap.newKeySet();
  private final Counter reloads;
  private final Counter handshakeFailures;
  private final ScheduledExecutorService checker;

  private TlsListeners(TlsConfig config, ServerMetrics metrics, Duration checkEvery) {
    config
        .listeners()
        .forEach(
            (listener, tls) ->
                certificates.put(
                    listener,
                    new ListenerCertificates(
                        listener.key(),
                        tls.certFile(),
                        tls.keyFile(),
                        tls.clientCaFile(),
                        describe(tls))));
    reloads =
        Counter.builder()
            .name("hopscope_tls_reloads_total")
            .help(
                "Changed certificate files by listener and outcome: reloaded, or failed (the old"
                    + " certificate stays in use).")
            .labelNames("listener", "outcome")
            .register(metrics.registry());
    handshakeFailures =
        Counter.builder()
            .name("hopscope_tls_handshake_failures_total")
            .help(
                "TLS handshakes refused, by listener and reason: no_client_certificate,"
                    + " untrusted_client_certificate, other.")
            .labelNames("listener", "reason")
            .register(metrics.registry());
    metrics.gauge(
        "hopscope_tls_certificate_expiry_timestamp_seconds",
        "When the certificate each TLS listener serves expires (Unix seconds).",
        "listener",
        sink ->
            open.forEach(
                files ->
                    sink.accept(
                        files.listener(), files.served().leaf().getNotAfter().getTime() / 1000.0)));
    checker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hopscope-tls-reload");
              thread.setDaemon(true);
              return thread;
            });
    if (!certificates.isEmpty()) {
      checker.scheduleWithFixedDelay(
          this::checkAll, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static String describe(TlsConfig.ListenerTls tls) {
    String pair = tls.certKey() + " and " + tls.certKey().replace("certFile", "keyFile");
    return tls.clientCaFile().isPresent() ? pair + " (with " + tls.caKey() + ")" : pair;
  }

  /**
   * Reads every listener's files now; throws {@link PemFiles.PemException} naming the problem.
   * Their files are looked at again every {@code checkEvery}.
   */
  public static TlsListeners start(TlsConfig config, ServerMetrics metrics, Duration checkEvery) {
    return new TlsListeners(config, metrics, checkEvery);
  }

  /** Turns TLS on in {@code options} when {@code listener} has it. */
  public void configure(Listener listener, HttpServerOptions options) {
    ListenerCertificates files = certificates.get(listener);
    if (files == null) {
      return;
    }
    ServerSSLOptions ssl = files.sslOptions();
    options
        .setSsl(true)
        .setUseAlpn(true)
        .setKeyCertOptions(ssl.getKeyCertOptions())
        .setTrustOptions(ssl.getTrustOptions())
        .setClientAuth(ssl.getClientAuth());
  }

  /** Counts refused handshakes on {@code server}; call before it listens. */
  public void watchHandshakes(Listener listener, HttpServer server) {
    if (!certificates.containsKey(listener)) {
      return;
    }
    server.exceptionHandler(
        failure -> {
          SSLException ssl = sslCause(failure);
          if (ssl == null) {
            return; // a reset or a closed connection: not a TLS matter
          }
          handshakeFailures.labelValues(listener.key(), reason(ssl)).inc();
          LOG.log(System.Logger.Level.DEBUG, listener.key() + ": TLS handshake refused: " + ssl);
        });
  }

  /** From now on, changed files reach {@code server}. */
  public void listening(Listener listener, HttpServer server) {
    ListenerCertificates files = certificates.get(listener);
    if (files != null) {
      // Forced: without it Vert.x keeps a context it built before from equal options.
      files.listening(options -> server.updateSSLOptions(options, true));
      open.add(files);
    }
  }

  /** One look at every listener's files (what the checker thread does each second). */
  public void checkAll() {
    for (ListenerCertificates files : open) {
      try {
        switch (files.check()) {
          case RELOADED -> reloads.labelValues(files.listener(), "reloaded").inc();
          case FAILED -> reloads.labelValues(files.listener(), "failed").inc();
          default -> {}
        }
      } catch (RuntimeException e) {
        // The checker must outlive any surprise, or reloading would silently stop.
        reloads.labelValues(files.listener(), "failed").inc();
        LOG.log(System.Logger.Level.ERROR, files.listener() + ": TLS reload check failed", e);
      }
    }
  }

  private static @Nullable SSLException sslCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  // The JDK's messages are all there is to go by; "other" is the honest answer when unsure.
  private static String reason(SSLException failure) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("empty client certificate chain")
        || message.contains("certificate_required")) {
      return "no_client_certificate";
    }
    if (message.contains("pkix") || message.contains("certification path")) {
      return "untrusted_client_certificate";
    }
    return "other";
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
