package dev.hopscope.demo.database;

import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.process.Listening;
import dev.hopscope.demo.process.ParentWatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.h2.tools.Server;

/**
 * The shop's database: H2 as a TCP server in its own process, holding an in-memory database named
 * {@value #DATABASE} with the schema and seed data. The port ({@code --port}, default 0: any free
 * one) opens only after the data is in; the {@link Listening} line then says which it is.
 */
public final class DatabaseServer {
  public static final String DATABASE = "shop";

  private DatabaseServer() {}

  /** The JDBC URL clients use to reach the database through {@code host:port}. */
  public static String jdbcUrl(String host, int port) {
    return "jdbc:h2:tcp://" + host + ":" + port + "/mem:" + DATABASE;
  }

  public static void main(String[] argv) throws SQLException, InterruptedException {
    // H2 binds every interface unless told otherwise, and reads this once when its classes load;
    // the shop listens on loopback only (-tcpAllowOthers stays off as a second guard).
    System.setProperty("h2.bindAddress", "127.0.0.1");
    Args args = Args.parse(argv);
    ParentWatch.apply("database", args);
    int port = args.getInt("port", 0);
    // The keeper connection holds the in-memory database open for the life of the process.
    Connection keeper =
        DriverManager.getConnection("jdbc:h2:mem:" + DATABASE + ";DB_CLOSE_DELAY=-1");
    ShopSchema.create(keeper);
    Server server = Server.createTcpServer("-tcpPort", Integer.toString(port)).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                }));
    Listening.print("database", Map.of("tcp", server.getPort()));
    stopped.await();
    keeper.close();
  }
}
