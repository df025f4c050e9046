package dev.hopscope.demo;

import dev.hopscope.demo.fault.FaultClient;
import dev.hopscope.process.LoggedProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A started shop: its addresses, its fault control and its load generator. {@link #close()} stops
 * every child process, last started first, and is safe to call twice (e.g. from a shutdown hook).
 */
public final class RunningShop implements AutoCloseable {
  /** Services flush their spans in their shutdown hooks; one that hangs is killed after this. */
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);

  private final ShopLauncher launcher;
  private final List<LoggedProcess> children;
  private final URI webapp;
  private final URI faultAdmin;
  private final Path logs;
  private final Thread shutdownHook;

  RunningShop(
      ShopLauncher launcher, List<LoggedProcess> children, URI webapp, URI faultAdmin, Path logs) {
    this.launcher = launcher;
    this.children = new ArrayList<>(children);
    this.webapp = webapp;
    this.faultAdmin = faultAdmin;
    this.logs = logs;
    // If the JVM is stopped without close() (Ctrl-C), the children must not outlive it.
    this.shutdownHook = new Thread(this::close, "shop-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The web app's base address, e.g. {@code http://127.0.0.1:41234/}. */
  public URI webappUrl() {
    return webapp;
  }

  /** The fault admin API's base address (see {@code FaultService}). */
  public URI faultAdminUrl() {
    return faultAdmin;
  }

  /** A client for the fault admin API of this shop. */
  public FaultClient faults() {
    return FaultClient.create(faultAdmin);
  }

  /**
   * Starts the load generator as another child process; it stops by itself when {@code load} says.
   * Wait for it with {@link LoggedProcess#exitCode}.
   */
  public synchronized LoggedProcess startLoad(LoadSettings load) throws IOException {
    LoggedProcess generator = launcher.startLoad(webapp, load, logs);
    children.add(generator);
    return generator;
  }

  /** The operating-system processes of the running services, e.g. to check none outlives close. */
  public synchronized List<ProcessHandle> processes() {
    return children.stream().map(LoggedProcess::handle).toList();
  }

  /** Stops every child and waits for each to exit. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to; stopping twice is harmless.
    }
    List<LoggedProcess> toStop;
    synchronized (this) {
      toStop = new ArrayList<>(children);
      children.clear();
    }
    stopAll(toStop);
  }

  static void stopAll(List<LoggedProcess> children) {
    // Reverse start order: callers go before callees, so in-flight requests fail less.
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).stop(GRACEFUL_STOP);
    }
  }
}
