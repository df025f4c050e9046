package dev.hopscope.demo.fault;

import dev.hopscope.demo.time.NanoClock;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on one hop of the shop. Bytes towards the callee pass through a {@link DelayLine}
 * (latency, errors); bytes back pass untouched, so an injected delay shows up once, as the gap
 * between the caller's client span and the callee's server span — latency neither service sees.
 */
public final class FaultProxy implements Closeable {
  private static final int BUFFER = 16 * 1024;

  private final Hop hop;
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final NanoClock clock;
  private final long seed;
  private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong injectedErrors = new AtomicLong();

  private FaultProxy(
      Hop hop, ServerSocket listener, InetSocketAddress upstream, NanoClock clock, long seed) {
    this.hop = hop;
    this.listener = listener;
    this.upstream = upstream;
    this.clock = clock;
    this.seed = seed;
  }

  /** Listens on 127.0.0.1:{@code port} (0 = any free port) and forwards to {@code upstream}. */
  public static FaultProxy start(
      Hop hop, int port, InetSocketAddress upstream, NanoClock clock, long seed)
      throws IOException {
    ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy = new FaultProxy(hop, listener, upstream, clock, seed);
    Thread.ofPlatform().daemon().name("proxy-" + hop.id()).start(proxy::acceptLoop);
    return proxy;
  }

  public Hop hop() {
    return hop;
  }

  public int port() {
    return listener.getLocalPort();
  }

  public Fault fault() {
    return fault.get();
  }

  public void setFault(Fault newFault) {
    fault.set(newFault);
  }

  public long injectedErrors() {
    return injectedErrors.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        // Each connection gets its own seeded generator: runs repeat, and no lock is shared.
        Random random = new Random(seed + connections.getAndIncrement());
        Thread.ofVirtual().start(() -> serve(client, random));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          System.err.println("proxy " + hop.id() + ": accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket client, Random random) {
    try (client;
        Socket server = new Socket()) {
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      server.connect(upstream);
      DelayLine towardsCallee = new DelayLine(fault::get, clock, random);
      Thread reader = Thread.ofVirtual().start(() -> readInto(client, server, towardsCallee));
      Thread writer = Thread.ofVirtual().start(() -> drainFrom(towardsCallee, client, server));
      copy(server.getInputStream(), client.getOutputStream());
      closeQuietly(client);
      reader.join();
      writer.join();
    } catch (IOException e) {
      // The caller or callee went away; the other side sees the closed socket.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readInto(Socket client, Socket server, DelayLine line) {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = client.getInputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (!line.offer(buffer, n)) {
          injectedErrors.incrementAndGet();
          client.setSoLinger(true, 0); // a reset, as a crashed callee would give
          closeQuietly(client);
          closeQuietly(server);
          break;
        }
      }
      line.end();
    } catch (IOException | InterruptedException e) {
      closeQuietly(server);
      try {
        line.end();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void drainFrom(DelayLine line, Socket client, Socket server) {
    try {
      line.drainTo(server.getOutputStream());
      server.shutdownOutput();
    } catch (IOException | InterruptedException e) {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is best effort; the socket is gone either way.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
