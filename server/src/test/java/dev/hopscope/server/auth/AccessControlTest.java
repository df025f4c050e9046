package dev.hopscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {
  @TempDir Path dir;

  private static final int FREE = 5;
  private final AtomicLong nanos = new AtomicLong();
  private final ServerMetrics metrics = new ServerMetrics();
  private AccessControl access;

  @BeforeEach
  void setUp() {
    Path file =
        new TestTokens()
            .add("a-writer", "a", "write")
            .add("a-reader", "a", "read")
            .add("ab-reader", "a, b", "read")
            .add("operator", "\"*\"", "read, write, admin")
            .writeTo(dir.resolve("tokens.yaml"));
    TokenRegistry tokens = TokenRegistry.open(file, InstantSource.system(), () -> {});
    access =
        AccessControl.tokens(
            tokens,
            new SessionTokens(Duration.ofHours(1), InstantSource.system(), new SecureRandom()),
            new FailureThrottle(FREE, nanos::get),
            metrics);
  }

  private Access check(Permission needed, String token, String tenantHeader) {
    return access.check("http", needed, token, token != null, tenantHeader, "10.0.0.1");
  }

  @Test
  void theTenantComesFromTheToken() {
    assertThat(check(Permission.WRITE, "a-writer", null)).isEqualTo(new Access.Granted("a"));
    assertThat(check(Permission.WRITE, "a-writer", "a")).isEqualTo(new Access.Granted("a"));
    assertThat(check(Permission.READ, "ab-reader", null)).isEqualTo(new Access.Granted("a"));
    assertThat(check(Permission.READ, "ab-reader", "b")).isEqualTo(new Access.Granted("b"));
    assertThat(check(Permission.READ, "operator", "anyone"))
        .isEqualTo(new Access.Granted("anyone"));
    assertThat(check(Permission.READ, "operator", null))
        .isEqualTo(new Access.Granted("single-tenant"));
  }

  @Test
  void naming_another_tenant_is_refused_not_ignored() {
    Access refused = check(Permission.WRITE, "a-writer", "b");
    assertThat(refused).isInstanceOf(Access.Refused.class);
    assertThat(((Access.Refused) refused).httpStatus()).isEqualTo(403);
    assertThat(((Access.Refused) refused).reason()).isEqualTo("tenant_not_allowed");
    // The same words whether or not tenant "zzz" exists: nothing to learn from the answer.
    Access other = check(Permission.WRITE, "a-writer", "zzz");
    assertThat(((Access.Refused) other).message()).isEqualTo(((Access.Refused) refused).message());
  }

  @Test
  void missingOrUnknownTokensAre401AndMissingPermissionsAre403() {
    assertThat(refusal(check(Permission.READ, null, null))).isEqualTo("401 missing_token");
    assertThat(refusal(access.check("http", Permission.READ, null, true, null, "x")))
        .isEqualTo("401 malformed_authorization");
    assertThat(refusal(check(Permission.READ, "a-writerX", null))).isEqualTo("401 unknown_token");
    assertThat(refusal(check(Permission.READ, "a-writer", null)))
        .isEqualTo("403 missing_permission");
    assertThat(refusal(check(Permission.WRITE, "a-reader", null)))
        .isEqualTo("403 missing_permission");
    assertThat(refusal(check(Permission.ADMIN, "ab-reader", null)))
        .isEqualTo("403 missing_permission");
    String scrape = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(scrape)
        .contains("hopscope_auth_failures_total{listener=\"http\",reason=\"unknown_token\"} 1.0")
        .contains(
            "hopscope_auth_failures_total{listener=\"http\",reason=\"missing_permission\"} 3.0");
  }

  @Test
  void aMalformedTenantHeaderIsABadRequestOnlyOnceAuthenticated() {
    assertThat(check(Permission.READ, "operator", "../etc"))
        .isInstanceOf(Access.InvalidTenant.class);
    assertThat(refusal(check(Permission.READ, "nobody", "../etc"))).isEqualTo("401 unknown_token");
  }

  @Test
  void withoutATokensFileTheHeaderNamesTheTenantAsInTempo() {
    AccessControl open = AccessControl.open();
    assertThat(open.check("http", Permission.READ, null, false, "b", "x"))
        .isEqualTo(new Access.Granted("b"));
    assertThat(open.check("http", Permission.ADMIN, null, false, null, "x"))
        .isEqualTo(new Access.Granted("single-tenant"));
  }

  @Test
  void repeatedFailuresFromOneAddressAreSlowedDownAndOthersAreNot() {
    for (int i = 0; i < FREE; i++) {
      assertThat(((Access.Refused) check(Permission.READ, "guess" + i, null)).delay()).isZero();
    }
    Duration sixth = ((Access.Refused) check(Permission.READ, "guess6", null)).delay();
    Duration seventh = ((Access.Refused) check(Permission.READ, "guess7", null)).delay();
    assertThat(sixth).isEqualTo(Duration.ofMillis(100));
    assertThat(seventh).isEqualTo(Duration.ofMillis(200));
    for (int i = 0; i < 20; i++) {
      check(Permission.READ, "more" + i, null);
    }
    assertThat(((Access.Refused) check(Permission.READ, "last", null)).delay())
        .isEqualTo(FailureThrottle.MAX_DELAY);
    // Another address starts free; so does this one once the window has passed.
    assertThat(
            ((Access.Refused) access.check("http", Permission.READ, "g", true, null, "10.0.0.2"))
                .delay())
        .isZero();
    nanos.addAndGet(FailureThrottle.WINDOW.toNanos() + 1);
    assertThat(((Access.Refused) check(Permission.READ, "again", null)).delay()).isZero();
    // A good token is served at once even from a throttled address.
    assertThat(check(Permission.READ, "a-reader", null)).isEqualTo(new Access.Granted("a"));
  }

  @Test
  void bearerHeadersAreParsedCaseInsensitivelyAndOtherSchemesAreNotTokens() {
    assertThat(AccessControl.bearer("Bearer abc")).isEqualTo("abc");
    assertThat(AccessControl.bearer("bearer  abc ")).isEqualTo("abc");
    assertThat(AccessControl.bearer("Basic YTpi")).isNull();
    assertThat(AccessControl.bearer("Bearer ")).isNull();
    assertThat(AccessControl.bearer(null)).isNull();
  }

  private static String refusal(Access access) {
    assertThat(access).isInstanceOf(Access.Refused.class);
    Access.Refused refused = (Access.Refused) access;
    return refused.httpStatus() + " " + refused.reason();
  }

  static InstantSource at(AtomicLong millis) {
    return () -> Instant.ofEpochMilli(millis.get());
  }
}
