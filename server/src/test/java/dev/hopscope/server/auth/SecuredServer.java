package dev.hopscope.server.auth;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.AuthConfig;
import dev.hopscope.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A server with a tokens file, for the security ITs. Tokens: {@code a-writer}, {@code a-reader},
 * {@code b-writer}, {@code b-reader} (one tenant each), {@code ab-reader} (tenants a and b, read),
 * {@code a-all} (a: read, write, admin), {@code ops} (every tenant, admin only) and {@code root}
 * (every tenant, everything).
 */
public final class SecuredServer implements AutoCloseable {
  public static final String A = "tenant-a";
  public static final String B = "tenant-b";

  private final HopscopeServer server;
  private final Path tokensFile;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Failed attempts are never slowed down: these tests make many on purpose. */
  public SecuredServer(Path dir) {
    this(dir, 1_000_000);
  }

  public SecuredServer(Path dir, int freeFailures) {
    this.tokensFile = tokens().writeTo(dir.resolve("tokens.yaml"));
    this.server =
        HopscopeServer.start(
            ServerConfig.forTests(dir.resolve("data"))
                .withAuth(
                    AuthConfig.none().withTokensFile(tokensFile).withFreeFailures(freeFailures)));
  }

  public static TestTokens tokens() {
    return new TestTokens()
        .add("a-writer", A, "write")
        .add("a-reader", A, "read")
        .add("b-writer", B, "write")
        .add("b-reader", B, "read")
        .add("ab-reader", A + ", " + B, "read")
        .add("a-all", A, "read, write, admin")
        .add("ops", "\"*\"", "admin")
        .add("root", "\"*\"", "read, write, admin");
  }

  public HopscopeServer server() {
    return server;
  }

  public Path tokensFile() {
    return tokensFile;
  }

  /** One request; {@code token} and {@code tenant} null for none. */
  public Answer send(
      String method,
      int port,
      String path,
      String token,
      String tenant,
      String contentType,
      byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer get(int port, String path, String token, String tenant) {
    return send("GET", port, path, token, tenant, null, null);
  }

  /** An answer's status and body. */
  public record Answer(int status, String body, HttpResponse<String> response) {}

  @Override
  public void close() {
    server.close();
  }
}
