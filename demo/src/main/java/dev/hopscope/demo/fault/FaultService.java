package dev.hopscope.demo.fault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.cli.Durations;
import dev.hopscope.demo.cli.Query;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.time.NanoClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The fault-injection process: one {@link FaultProxy} per hop and a small admin API on loopback.
 *
 * <ul>
 *   <li>{@code GET /health} — 200 once the proxies listen
 *   <li>{@code GET /faults} — the current fault of every hop, as JSON
 *   <li>{@code POST /faults/<hop>?delay=100ms&errorRate=0.1} — sets one hop's fault; parameters
 *       left out are reset to none
 * </ul>
 */
public final class FaultService {
  public static final String FAULTS_PATH = "/faults";

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

    HttpServer admin =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), args.getInt("admin-port", 0)),
            0);
    admin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    admin.createContext("/health", exchange -> respond(exchange, 200, "ok"));
    admin.createContext(FAULTS_PATH, exchange -> handle(exchange, proxies));
    admin.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  admin.stop(0);
                  stopped.countDown();
                }));
    System.out.println(
        "faults ready: admin http://127.0.0.1:"
            + admin.getAddress().getPort()
            + FAULTS_PATH
            + ", webapp-auth proxy :"
            + proxies.get(Hop.WEBAPP_AUTH).port()
            + ", webapp-database proxy :"
            + proxies.get(Hop.WEBAPP_DATABASE).port());
    stopped.await();
  }

  private static InetSocketAddress loopback(int port, String flag) {
    if (port <= 0) {
      throw new IllegalArgumentException("--" + flag + " must be the callee's port on 127.0.0.1");
    }
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static void handle(HttpExchange exchange, Map<Hop, FaultProxy> proxies)
      throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      if (method.equals("GET") && path.equals(FAULTS_PATH)) {
        respond(exchange, 200, json(proxies));
      } else if (method.equals("POST") && path.startsWith(FAULTS_PATH + "/")) {
        Hop hop = Hop.of(path.substring(FAULTS_PATH.length() + 1));
        Map<String, String> query = Query.parse(exchange.getRequestURI().getRawQuery());
        Duration delay = Durations.parse("delay", query.getOrDefault("delay", "0ms"));
        double errorRate = Double.parseDouble(query.getOrDefault("errorRate", "0"));
        proxies.get(hop).setFault(new Fault(delay, errorRate));
        respond(exchange, 200, json(proxies));
      } else {
        respond(exchange, 404, "use GET " + FAULTS_PATH + " or POST " + FAULTS_PATH + "/<hop>");
      }
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, e.getMessage());
    }
  }

  private static String json(Map<Hop, FaultProxy> proxies) {
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
        .collect(Collectors.joining(",", "{", "}"));
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
