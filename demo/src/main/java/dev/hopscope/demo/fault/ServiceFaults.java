package dev.hopscope.demo.fault;

import dev.hopscope.demo.auth.AuthService;
import dev.hopscope.demo.webapp.WebApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Faults inside a service rather than on a wire: {@code auth} fails validations at a rate (the
 * error shows on auth's own spans), {@code database} holds {@code SELECT * FROM products} for a
 * delay ("slow SQL"), {@code webapp} gets a smaller database pool. Each is forwarded to the service
 * that owns it.
 */
final class ServiceFaults {
  static final String AUTH = "auth";
  static final String DATABASE = "database";
  static final String WEBAPP = "webapp";

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI authAdmin;
  private volatile @Nullable URI webappAdmin;
  private final String databaseUrl;
  private volatile Fault auth = Fault.NONE;
  private volatile Fault database = Fault.NONE;
  private volatile int webappPoolSize;

  ServiceFaults(int authPort, int webappPoolSize, String databaseUrl) {
    this.authAdmin = URI.create("http://127.0.0.1:" + authPort + AuthService.ADMIN_FAULTS);
    this.webappPoolSize = webappPoolSize;
    this.databaseUrl = databaseUrl;
  }

  /**
   * Where webapp listens. Webapp starts after this process (it needs the proxies' ports), so the
   * launcher tells us once webapp has said which port it bound.
   */
  void setWebappPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("webapp port must be 1..65535, got " + port);
    }
    webappAdmin = URI.create("http://127.0.0.1:" + port + WebApp.ADMIN_FAULTS);
  }

  static boolean isServiceTarget(String target) {
    return target.equals(AUTH) || target.equals(DATABASE);
  }

  /** The "too-small connection pool" fault: webapp's database pool gets {@code size} slots. */
  void setWebappPoolSize(int size) throws IOException, InterruptedException {
    URI admin = webappAdmin;
    if (admin == null) {
      throw new IOException("webapp has not started yet: its launcher has not said where it is");
    }
    post(admin, "poolSize=" + size, "webapp");
    webappPoolSize = size;
  }

  private void post(URI admin, String query, String service)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(admin + "?" + query))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 400) {
      throw new IllegalArgumentException(response.body());
    }
    if (response.statusCode() != 200) {
      throw new IOException(service + " refused the fault: " + response.body());
    }
  }

  void set(String target, Fault fault) throws IOException, InterruptedException, SQLException {
    if (target.equals(AUTH)) {
      if (!fault.delay().isZero()) {
        throw new IllegalArgumentException(
            "auth takes errorRate only; to slow the way to auth, set hop webapp-auth");
      }
      post(authAdmin, "errorRate=" + fault.errorRate(), AUTH);
      auth = fault;
    } else {
      if (fault.errorRate() != 0) {
        throw new IllegalArgumentException(
            "database takes delay only (slow SQL); to fail database calls, set hop webapp-database");
      }
      try (Connection connection = DriverManager.getConnection(databaseUrl);
          Statement statement = connection.createStatement()) {
        statement.execute("CALL SET_QUERY_DELAY(" + fault.delay().toMillis() + ")");
      }
      database = fault;
    }
  }

  String json() {
    return "\""
        + AUTH
        + "\":{\"fault\":"
        + auth.toJson()
        + "},\""
        + DATABASE
        + "\":{\"fault\":"
        + database.toJson()
        + "}";
  }
}
