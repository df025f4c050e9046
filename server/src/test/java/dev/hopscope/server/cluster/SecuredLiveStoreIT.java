package dev.hopscope.server.cluster;

import static dev.hopscope.server.auth.SecuredServer.A;
import static dev.hopscope.server.auth.SecuredServer.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.remote.LiveStoreUnavailableException;
import dev.hopscope.cluster.remote.RemoteTraceSource;
import dev.hopscope.model.Span;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.auth.SecuredServer;
import dev.hopscope.server.config.AuthConfig;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.testing.Loader;
import dev.hopscope.server.testing.ShopTraces;
import dev.hopscope.store.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A live store and a querier behind tokens. The live store's internal read API carries the tenant
 * in its body, so the token is checked against that tenant: a tenant's read token reads only its
 * own tenant there, no token reads nothing, and the querier reads every tenant with the operator's
 * read token it is given ({@code querier.liveStoresToken}), while its own callers still see only
 * their tenant. No block-builder runs: every answer below comes from the live store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredLiveStoreIT extends ClusterTests {
  private static final long MS = 1_000_000L;

  private HopscopeServer liveStore;
  private HopscopeServer querier;
  private String ofA;
  private String ofB;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startRoles() throws Exception {
    Path tokens = SecuredServer.tokens().writeTo(directory.resolve("tokens.yaml"));
    AuthConfig auth = AuthConfig.none().withTokensFile(tokens);
    KafkaSettings kafka = kafka(2);
    // The distributor checks no token here: what is tested is the read side.
    HopscopeServer distributor =
        start("distributor", cluster(ClusterConfig.Role.DISTRIBUTOR, kafka));
    liveStore =
        start(
            config("live")
                .withAuth(auth)
                .withCluster(cluster(ClusterConfig.Role.LIVE_STORE, kafka)));
    // A block-builder would create it; none runs here.
    s3proxy().newBucket(BUCKET).close();
    querier =
        start(
            config("querier")
                .withAuth(auth)
                .withCluster(querierOf(liveStore).withLiveStoresToken("root")));
    ShopTraces shop = new ShopTraces(11);
    long base = (System.currentTimeMillis() - 60_000) * MS;
    Loader loader = new Loader(distributor);
    List<Span> traceOfA = shop.trace(base, 1, false);
    List<Span> traceOfB = shop.trace(base + 100 * MS, 1, false);
    loader.send(traceOfA, A);
    loader.send(traceOfB, B);
    ofA = traceOfA.get(0).traceId().toHex();
    ofB = traceOfB.get(0).traceId().toHex();
    Await.until(
        "both traces at the querier, read from the live store",
        Duration.ofSeconds(60),
        () ->
            status(querier, "/tempo/api/traces/" + ofA, "a-reader") == 200
                && status(querier, "/tempo/api/traces/" + ofB, "b-reader") == 200);
  }

  @Test
  void theQuerierReadsEveryTenantFromTheLiveStoreButAnswersEachCallerOnlyItsOwn() {
    assertThat(status(querier, "/tempo/api/traces/" + ofB, "a-reader")).isEqualTo(404);
    assertThat(status(querier, "/tempo/api/traces/" + ofA, "b-reader")).isEqualTo(404);
    assertThat(status(querier, "/tempo/api/traces/" + ofA, null)).isEqualTo(401);
  }

  @Test
  void theInternalReadApiChecksTheTokenAgainstTheTenantInTheBody() {
    assertThat(internal(Optional.of("a-reader")).trace(A, TraceId.fromHex(ofA))).isPresent();
    assertThat(internal(Optional.of("root")).trace(B, TraceId.fromHex(ofB))).isPresent();
    assertThatThrownBy(() -> internal(Optional.of("a-reader")).trace(B, TraceId.fromHex(ofB)))
        .isInstanceOf(LiveStoreUnavailableException.class)
        .hasMessageContaining("answered 403")
        .hasMessageContaining("may not act for");
    assertThatThrownBy(() -> internal(Optional.empty()).trace(A, TraceId.fromHex(ofA)))
        .isInstanceOf(LiveStoreUnavailableException.class)
        .hasMessageContaining("answered 401");
    assertThatThrownBy(() -> internal(Optional.of("a-writer")).trace(A, TraceId.fromHex(ofA)))
        .isInstanceOf(LiveStoreUnavailableException.class)
        .hasMessageContaining("answered 403");
  }

  @Test
  void aSignInCookieNeverOpensTheInternalReadApi() throws Exception {
    String session = signIn(liveStore, "root");
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + liveStore.httpPort() + "/internal/store/v1/trace"))
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 1, 'a'}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(401);
  }

  private RemoteTraceSource internal(Optional<String> token) {
    return new RemoteTraceSource(
        http, "127.0.0.1:" + liveStore.httpPort(), Duration.ofSeconds(10), token);
  }

  /** The session cookie ({@code name=value}) of a sign-in with {@code token}. */
  private String signIn(HopscopeServer server, String token) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/auth/session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }

  private int status(HopscopeServer server, String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
