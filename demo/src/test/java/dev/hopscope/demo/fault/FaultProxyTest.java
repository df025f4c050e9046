package dev.hopscope.demo.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.demo.time.NanoClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy on real loopback sockets, in front of an echo server. */
class FaultProxyTest {
  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::echoLoop);
    proxy =
        FaultProxy.start(
            Hop.WEBAPP_AUTH,
            0,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()),
            NanoClock.system(),
            42);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void passesBytesBothWaysUnchanged() throws IOException {
    try (Socket client = connect()) {
      assertThat(roundTrip(client, "ValidateToken")).isEqualTo("ValidateToken");
      assertThat(roundTrip(client, "again, same connection")).isEqualTo("again, same connection");
    }
  }

  @Test
  void delaysTheWayTowardsTheCallee() throws IOException {
    proxy.setFault(new Fault(Duration.ofMillis(60), 0));
    try (Socket client = connect()) {
      long start = System.nanoTime();
      roundTrip(client, "slow");
      // Only a lower bound: a loaded machine may add time, never remove it.
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }
  }

  @Test
  void errorRateOneCutsTheConnection() throws IOException {
    proxy.setFault(new Fault(Duration.ZERO, 1));
    try (Socket client = connect()) {
      client.getOutputStream().write("doomed".getBytes(StandardCharsets.UTF_8));
      client.getOutputStream().flush();
      assertThatThrownBy(
              () -> {
                if (client.getInputStream().read() < 0) {
                  throw new IOException("closed");
                }
              })
          .isInstanceOf(IOException.class);
    }
    assertThat(proxy.injectedErrors()).isEqualTo(1);
  }

  private Socket connect() throws IOException {
    Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    client.setSoTimeout(5_000);
    return client;
  }

  private static String roundTrip(Socket client, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    client.getOutputStream().write(bytes);
    client.getOutputStream().flush();
    byte[] answer = client.getInputStream().readNBytes(bytes.length);
    return new String(answer, StandardCharsets.UTF_8);
  }

  private void echoLoop() {
    while (!echo.isClosed()) {
      try {
        Socket socket = echo.accept();
        Thread.ofVirtual()
            .start(
                () -> {
                  try (socket;
                      InputStream in = socket.getInputStream();
                      OutputStream out = socket.getOutputStream()) {
                    in.transferTo(out);
                  } catch (IOException ignored) {
                    // The test closed the connection.
                  }
                });
      } catch (IOException closed) {
        return;
      }
    }
  }
}
