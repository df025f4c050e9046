package dev.hopscope.demo;

import dev.hopscope.demo.fault.FaultClient;
import dev.hopscope.demo.process.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A started shop: its addresses, its fault control and its load generator. {@link #close()} stops
 * every child process, last started first, and is safe to call twice (e.g. from a shutdown hook).
 */
public final class RunningShop implements AutoCloseable {
  private final ShopLauncher launcher;
  private final List<ChildProcess> children;
  private final URI webapp;
  private final URI faultAdmin;
  private final Thread shutdownHook;

  RunningShop(ShopLauncher launcher, List<ChildProcess> children, URI webapp, URI faultAdmin) {
    this.launcher = launcher;
    this.children = new ArrayList<>(children);
    this.webapp = webapp;
    this.faultAdmin = faultAdmin;
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
   * Wait for it with {@link ChildProcess#awaitExit}.
   */
  public synchronized ChildProcess startLoad(LoadSettings load) throws IOException {
    ChildProcess generator = launcher.startLoad(webapp, load);
    children.add(generator);
    return generator;
  }

  /** The operating-system processes of the running services, e.g. to check none outlives close. */
  public synchronized List<ProcessHandle> processes() {
    return children.stream().map(child -> child.process().toHandle()).toList();
  }

  /** Stops every child and waits for each to exit. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to; stopping twice is harmless.
    }
    List<ChildProcess> toStop;
    synchronized (this) {
      toStop = new ArrayList<>(children);
      children.clear();
    }
    stopAll(toStop);
  }

  static void stopAll(List<ChildProcess> children) {
    // Reverse start order: callers go before callees, so in-flight requests fail less.
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).close();
    }
  }
}
