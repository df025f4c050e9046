package dev.hopscope.demo.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.cli.Query;
import dev.hopscope.demo.database.ConnectionPool;
import dev.hopscope.demo.database.DatabaseServer;
import dev.hopscope.demo.process.Listening;
import dev.hopscope.demo.process.ParentWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The auth service. It has no tracing code of its own beyond one annotation: it runs under the
 * OpenTelemetry Java agent, which traces its HTTP server and its JDBC calls and exports to the
 * endpoint given in {@code OTEL_*} variables (see the launcher).
 *
 * <p>{@code POST /validate} with {@code Authorization: Bearer <token>} answers 200 with the user's
 * name, or 401. Flags: {@code --port} (default 0: any free one, printed in the {@link Listening}
 * line), {@code --database-port}.
 */
public final class AuthService {
  /** Where the fault service sets auth's error rate: {@code POST /admin/faults?errorRate=0.1}. */
  public static final String ADMIN_FAULTS = "/admin/faults";

  private AuthService() {}

  public static void main(String[] argv) throws IOException, InterruptedException {
    Args args = Args.parse(argv);
    ParentWatch.apply("auth", args);
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(DatabaseServer.jdbcUrl("127.0.0.1", Integer.parseInt(args.require("database-port"))));
    ConnectionPool pool = new ConnectionPool(h2, 4, Duration.ofSeconds(5));
    AuthFaults faults = new AuthFaults(args.getInt("seed", 42));
    TokenValidator validator = new TokenValidator(pool, faults);

    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), args.getInt("port", 0)), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/validate", exchange -> validate(exchange, validator));
    server.createContext("/health", exchange -> respond(exchange, 200, "ok"));
    server.createContext(ADMIN_FAULTS, exchange -> setFault(exchange, faults));
    server.start();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  stopped.countDown();
                }));
    Listening.print("auth", Map.of("http", server.getAddress().getPort()));
    stopped.await();
  }

  private static void validate(HttpExchange exchange, TokenValidator validator) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      respond(exchange, 401, "send a bearer token: Authorization: Bearer <token>");
      return;
    }
    try {
      String user = validator.validateToken(authorization.substring("Bearer ".length()).trim());
      if (user == null) {
        respond(exchange, 401, "unknown token");
      } else {
        respond(exchange, 200, user);
      }
    } catch (AuthFaults.InjectedFault e) {
      respond(exchange, 500, e.getMessage());
    } catch (SQLException e) {
      respond(exchange, 503, "token store unavailable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "shutting down");
    }
  }

  private static void setFault(HttpExchange exchange, AuthFaults faults) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      respond(exchange, 405, "use POST " + ADMIN_FAULTS + "?errorRate=0.1");
      return;
    }
    String rate =
        Query.parse(exchange.getRequestURI().getRawQuery()).getOrDefault("errorRate", "0");
    try {
      faults.setErrorRate(Double.parseDouble(rate));
      respond(exchange, 200, "errorRate=" + rate);
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, "errorRate must be between 0 and 1, got '" + rate + "'");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
