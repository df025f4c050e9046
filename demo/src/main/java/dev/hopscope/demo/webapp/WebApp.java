package dev.hopscope.demo.webapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.cli.Query;
import dev.hopscope.demo.database.ConnectionPool;
import dev.hopscope.demo.database.DatabaseServer;
import dev.hopscope.demo.process.Listening;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.telemetry.ServiceSettings;
import dev.hopscope.demo.telemetry.ShopTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The shop's web app, instrumented in code with the OpenTelemetry SDK and library instrumentation
 * (OkHttp for auth, JDBC for the database).
 *
 * <p>Flags: {@code --port} (default 0: any free one, printed in the {@link Listening} line), {@code
 * --auth-url http://127.0.0.1:P}, {@code --database-port P}, {@code --db-pool-size N} (default 4),
 * plus the telemetry flags of {@link ServiceSettings}.
 */
public final class WebApp {
  public static final String SERVICE_NAME = "webapp";

  /** Where the fault service resizes the database pool: {@code POST /admin/faults?poolSize=1}. */
  public static final String ADMIN_FAULTS = "/admin/faults";

  private WebApp() {}

  private static void resizePool(HttpExchange exchange, ConnectionPool pool) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      ProductsHandler.respond(exchange, 405, "use POST " + ADMIN_FAULTS + "?poolSize=1");
      return;
    }
    String size = Query.parse(exchange.getRequestURI().getRawQuery()).getOrDefault("poolSize", "");
    try {
      pool.resize(Integer.parseInt(size));
      ProductsHandler.respond(exchange, 200, "poolSize=" + pool.size());
    } catch (IllegalArgumentException e) {
      ProductsHandler.respond(
          exchange,
          400,
          "poolSize must be between 1 and " + ConnectionPool.MAX_SIZE + ", got '" + size + "'");
    }
  }

  public static void main(String[] argv) throws IOException, InterruptedException, SQLException {
    Args args = Args.parse(argv);
    ParentWatch.apply(SERVICE_NAME, args);
    ServiceSettings settings = ServiceSettings.from(args);
    OpenTelemetrySdk openTelemetry = ShopTelemetry.start(settings, SERVICE_NAME);

    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(DatabaseServer.jdbcUrl("127.0.0.1", Integer.parseInt(args.require("database-port"))));
    ConnectionPool pool =
        new ConnectionPool(
            JdbcTelemetry.create(openTelemetry).wrap(h2),
            args.getInt("db-pool-size", 4),
            Duration.ofSeconds(5));
    AuthClient auth =
        new AuthClient(openTelemetry, URI.create(args.require("auth-url")), Duration.ofSeconds(10));

    ServerSpans spans = new ServerSpans(openTelemetry);
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), args.getInt("port", 0)), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/products",
        spans.traced("/products", new ProductsHandler(auth, new ProductRepository(pool))));
    server.createContext(
        "/hello",
        spans.traced(
            "/hello", new HelloHandler(openTelemetry.getTracer("dev.hopscope.demo.webapp"))));
    // Untraced: the launcher polls these, and that is not shop traffic.
    server.createContext("/health", exchange -> ProductsHandler.respond(exchange, 200, "ok"));
    server.createContext(ADMIN_FAULTS, exchange -> resizePool(exchange, pool));
    server.start();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  try {
                    pool.close();
                  } catch (SQLException e) {
                    System.err.println("webapp: closing database connections failed: " + e);
                  }
                  // Flushes the spans still queued in the batch processor.
                  openTelemetry.close();
                  stopped.countDown();
                }));
    Listening.print(SERVICE_NAME, Map.of("http", server.getAddress().getPort()));
    stopped.await();
  }
}
