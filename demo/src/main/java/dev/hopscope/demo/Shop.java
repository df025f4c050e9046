package dev.hopscope.demo;

import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.process.ParentWatch;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the shop from a terminal until Ctrl-C: {@code java -jar demo/target/hopscope-demo.jar}.
 *
 * <p>Flags: {@code --otlp-endpoint http://127.0.0.1:4318}, {@code --stdout}, {@code --no-load},
 * {@code --rate 10}, {@code --duration 10m}, {@code --concurrency 8}, {@code --requests N}, {@code
 * --warmup 200}, {@code --fault-admin-port 16690}, {@code --db-pool-size 4}, {@code --log-dir DIR},
 * {@code --repo-root DIR} (where {@code demo/target} is; default the working directory), {@code
 * --exit-with-parent} (stop with the process that started this one).
 */
public final class Shop {
  /**
   * A fixed default for the fault admin port so that a separate command ({@code ./hopscope demo
   * fault}) finds a running shop without being told where it is.
   */
  public static final int DEFAULT_FAULT_ADMIN_PORT = 16690;

  private Shop() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv);
    // Launched by `hopscope demo`: a demo killed outright runs no shutdown hook to stop the shop.
    ParentWatch.apply("shop", args);
    ShopLauncher.Builder builder =
        ShopLauncher.builder()
            .otlpEndpoint(URI.create(args.get("otlp-endpoint", "http://127.0.0.1:4318")))
            .stdout(args.has("stdout"))
            .faultAdminPort(args.getInt("fault-admin-port", DEFAULT_FAULT_ADMIN_PORT))
            .dbPoolSize(args.getInt("db-pool-size", 4))
            .repoRoot(Path.of(args.get("repo-root", ".")));
    args.get("log-dir").ifPresent(dir -> builder.logDirectory(Path.of(dir)));
    LoadSettings load =
        LoadSettings.DEFAULT
            .withRate(args.getDouble("rate", LoadSettings.DEFAULT.rate()))
            .withDuration(args.getDuration("duration", LoadSettings.DEFAULT.duration()))
            .withConcurrency(args.getInt("concurrency", LoadSettings.DEFAULT.concurrency()))
            .withRequests(args.getInt("requests", Integer.MAX_VALUE))
            .withWarmup(args.getInt("warmup", LoadSettings.DEFAULT.warmup()));

    RunningShop shop = builder.build().start();
    System.out.println(
        "shop ready: webapp " + shop.webappUrl() + ", fault admin " + shop.faultAdminUrl());
    System.out.println(
        "try: curl -H 'Authorization: Bearer tok-alice' -H 'X-User-Tier: gold' "
            + shop.webappUrl().resolve("/products"));
    System.out.println(
        "inject 100 ms between webapp and auth: java -cp "
            + ShopLauncher.SHOP_JAR
            + " dev.hopscope.demo.fault.FaultClient --admin "
            + shop.faultAdminUrl()
            + " --hop webapp-auth --delay 100ms");
    if (!args.has("no-load")) {
      shop.startLoad(load);
    }
    // The shutdown hook RunningShop registered stops every child on Ctrl-C; until then, idle.
    new CountDownLatch(1).await();
  }
}
