package dev.hopscope.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@code hopscope demo} ends: SIGTERM or Ctrl-C stops the shop (so its last spans are sent),
 * then the backend (the server, or the local cluster's every process), and exits 0 — as {@code
 * serve} does, a second signal exits at once (130). A shutdown hook covers other exits. The shop
 * failing by itself is an error (exit 1); a shop ended by a stop signal of its own is taken as
 * Ctrl-C, which a terminal sends to the shop as well as to the demo.
 */
final class DemoStop {
  /** How long the shop gets to send its last spans and stop its services before it is killed. */
  private static final long SHOP_GRACE_SECONDS = 15;

  private static final int SIGINT_EXIT = 130;
  private static final int SIGTERM_EXIT = 143;

  private final Process shop;
  private final Runnable stop;
  private final AtomicBoolean stopping;
  private final CountDownLatch stopped;
  private final PrintWriter err;

  private DemoStop(
      Process shop,
      Runnable stop,
      AtomicBoolean stopping,
      CountDownLatch stopped,
      PrintWriter err) {
    this.shop = shop;
    this.stop = stop;
    this.stopping = stopping;
    this.stopped = stopped;
    this.err = err;
  }

  /** Traps the stop signals and adds the shutdown hook; {@code backend} names what it stops. */
  static DemoStop install(Process shop, String backend, Runnable stopBackend, PrintWriter err) {
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        ServeCommand.once(
            () -> {
              stopping.set(true);
              long started = System.nanoTime();
              err.println("hopscope demo: stopping the shop, then " + backend);
              err.flush();
              stopShop(shop);
              stopBackend.run();
              err.printf(
                  "hopscope demo: stopped in %d ms%n", (System.nanoTime() - started) / 1_000_000);
              err.flush();
              stopped.countDown();
            });
    StopSignals.install(
        () -> {
          stop.run();
          System.exit(0);
        },
        SIGINT_EXIT);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "hopscope-demo-shutdown"));
    return new DemoStop(shop, stop, stopping, stopped, err);
  }

  /**
   * Waits until the shop ends; returns the exit code: 0 once everything stopped after a stop signal
   * (the shop's or this JVM's), 1 when the shop failed by itself.
   */
  int awaitShop() throws InterruptedException {
    int shopExit = shop.waitFor();
    if (!stopping.get()) {
      if (shopExit != SIGINT_EXIT && shopExit != SIGTERM_EXIT) {
        err.println(
            "hopscope demo: the shop exited with code " + shopExit + "; its output is above");
        err.flush();
        return 1;
      }
      stop.run();
    }
    stopped.await();
    return 0;
  }

  /** Asks the shop to stop (it stops its children), then insists. */
  private static void stopShop(Process shop) {
    shop.destroy();
    try {
      if (!shop.waitFor(SHOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        shop.descendants().forEach(ProcessHandle::destroyForcibly);
        shop.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
