package dev.hopscope.server.ui;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/** One in-process server plus one headless browser, shared by the tests of a class. */
final class UiFixture implements AutoCloseable {
  final HopscopeServer server;
  final Browser browser;

  UiFixture(Path dir) {
    // The embedded store, as `hopscope serve` runs it: the UI reads what the real engine returns.
    server = HopscopeServer.start(ServerConfig.forTests(dir.resolve("data")));
    Browser started;
    try {
      started = new Browser(server.uiAddress(), dir.resolve("chromium-profile"));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    browser = started;
  }

  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** start/end URL parameters (epoch seconds) for a two-minute window around a time. */
  static String window(long aroundNanos) {
    long seconds = aroundNanos / 1_000_000_000L;
    return "start=" + (seconds - 60) + "&end=" + (seconds + 60);
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      server.close();
    }
  }
}
