package dev.hopscope.demo.fault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.cli.Durations;
import dev.hopscope.demo.cli.Query;
import dev.hopscope.demo.database.DatabaseServer;
import dev.hopscope.demo.process.Listening;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.time.NanoClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The fault-injection process: one {@link FaultProxy} per hop and a small admin API on loopback.
 *
 * <ul>
 *   <li>{@code GET /health} — 200 once the proxies listen
 *   <li>{@code GET /faults} — the current fault of every hop, as JSON
 *   <li>{@code POST /faults/<target>?delay=100ms&errorRate=0.1} — sets one target's fault;
 *       parameters left out are reset to none. Targets: the hops {@code webapp-auth} and {@code
 *       webapp-database} (delay and errors on the wire), {@code auth} (errorRate: validation fails
 *       inside auth) and {@code database} (delay: slow SQL on products)
 *   <li>{@code POST /webapp?port=P} — where webapp listens, for its pool-size fault; the launcher
 *       sends it once webapp has started (webapp needs this process's proxy ports first)
 * </ul>
 *
 * <p>Every listener binds port 0 unless a flag names a port ({@code --admin-port}, {@code
 * --auth-listen}, {@code --database-listen}); the {@link Listening} line says which they got.
 */
public final class FaultService {
  public static final String FAULTS_PATH = "/faults";

  /** Where the launcher says which port webapp bound: {@code POST /webapp?port=P}. */
  public static final String WEBAPP_PATH = "/webapp";

  private FaultService() {}

  public static void main(String[] argv) throws IOException, InterruptedException {
    Args args = Args.parse(argv);
    ParentWatch.apply("faults", args);
    long seed = args.getInt("seed", 42);
    Map<Hop, FaultProxy> proxies = new EnumMap<>(Hop.class);
    proxies.put(
        Hop.WEBAPP_AUTH,
        FaultProxy.start(
            Hop.WEBAPP_AUTH,
            args.getInt("auth-listen", 0),
            loopback(args.getInt("auth-upstream", -1), "auth-upstream"),
            NanoClock.system(),
            seed));
    proxies.put(
        Hop.WEBAPP_DATABASE,
        FaultProxy.start(
            Hop.WEBAPP_DATABASE,
            args.getInt("database-listen", 0),
            loopback(args.getInt("database-upstream", -1), "database-upstream"),
            NanoClock.system(),
            seed + 1_000_000));

    ServiceFaults services =
        new ServiceFaults(
            args.getInt("auth-upstream", -1),
            args.getInt("webapp-pool-size", 4),
            DatabaseServer.jdbcUrl("127.0.0.1", args.getInt("database-upstream", -1)));
    args.get("webapp-port").ifPresent(port -> services.setWebappPort(Integer.parseInt(port)));
    HttpServer admin =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), args.getInt("admin-port", 0)),
            0);
    admin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    admin.createContext("/health", exchange -> respond(exchange, 200, "ok"));
    admin.createContext(FAULTS_PATH, exchange -> handle(exchange, proxies, services));
    admin.createContext(WEBAPP_PATH, exchange -> setWebappPort(exchange, services));
    admin.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  admin.stop(0);
                  stopped.countDown();
                }));
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("admin", admin.getAddress().getPort());
    proxies.forEach((hop, proxy) -> ports.put(hop.id(), proxy.port()));
    Listening.print("faults", ports);
    stopped.await();
  }

  private static void setWebappPort(HttpExchange exchange, ServiceFaults services)
      throws IOException {
    String port = Query.parse(exchange.getRequestURI().getRawQuery()).getOrDefault("port", "");
    if (!exchange.getRequestMethod().equals("POST")) {
      respond(exchange, 405, "use POST " + WEBAPP_PATH + "?port=P");
      return;
    }
    try {
      services.setWebappPort(Integer.parseInt(port));
      respond(exchange, 200, "webapp port=" + port);
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, "port must be webapp's port, 1..65535; got '" + port + "'");
    }
  }

  private static InetSocketAddress loopback(int port, String flag) {
    if (port <= 0) {
      throw new IllegalArgumentException("--" + flag + " must be the callee's port on 127.0.0.1");
    }
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static void handle(
      HttpExchange exchange, Map<Hop, FaultProxy> proxies, ServiceFaults services)
      throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      if (method.equals("GET") && path.equals(FAULTS_PATH)) {
        respond(exchange, 200, json(proxies, services));
      } else if (method.equals("POST") && path.startsWith(FAULTS_PATH + "/")) {
        String target = path.substring(FAULTS_PATH.length() + 1);
        Map<String, String> query = Query.parse(exchange.getRequestURI().getRawQuery());
        if (target.equals(ServiceFaults.WEBAPP)) {
          services.setWebappPoolSize(poolSize(query.getOrDefault("poolSize", "")));
          respond(exchange, 200, json(proxies, services));
          return;
        }
        Fault fault =
            new Fault(
                Durations.parse("delay", query.getOrDefault("delay", "0ms")),
                rate(query.getOrDefault("errorRate", "0")));
        if (ServiceFaults.isServiceTarget(target)) {
          services.set(target, fault);
        } else {
          Hop hop = hop(target);
          // main starts a proxy for every Hop before the admin API listens.
          Objects.requireNonNull(proxies.get(hop), () -> "no proxy for hop " + hop).setFault(fault);
        }
        respond(exchange, 200, json(proxies, services));
      } else {
        respond(exchange, 404, "use GET " + FAULTS_PATH + " or POST " + FAULTS_PATH + "/<target>");
      }
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, messageOf(e));
    } catch (SQLException | IOException e) {
      respond(exchange, 502, "could not reach the service to set its fault: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "shutting down");
    }
  }

  /** The exception's message, or its name when it has none, so the answer is never "null". */
  private static String messageOf(Exception e) {
    String message = e.getMessage();
    return message != null ? message : e.toString();
  }

  private static Hop hop(String target) {
    try {
      return Hop.of(target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown fault target '"
              + target
              + "': use a hop (webapp-auth, webapp-database) or a service (auth, database,"
              + " webapp)",
          e);
    }
  }

  private static int poolSize(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "webapp takes poolSize, a whole number; got '" + text + "'", e);
    }
  }

  private static double rate(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "errorRate must be a number from 0 to 1, got '" + text + "'", e);
    }
  }

  private static String json(Map<Hop, FaultProxy> proxies, ServiceFaults services) {
    return proxies.values().stream()
        .map(
            p ->
                "\""
                    + p.hop().id()
                    + "\":{\"fault\":"
                    + p.fault().toJson()
                    + ",\"injectedErrors\":"
                    + p.injectedErrors()
                    + "}")
        .collect(Collectors.joining(",", "{", "," + services.json() + "}"));
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
