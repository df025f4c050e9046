package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-tenant limits: defaults from flags/env/YAML, per-tenant values from {@code overrides}. */
class TenantLimitsTest {
  @TempDir Path dir;

  private ServerConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("hopscope.yaml"), yaml);
    return ServerConfig.from(ConfigSources.of(Map.of(), env, file));
  }

  private static final String YAML =
      """
      limits:
        tenantBytesPerSecond: 1000000
        maxSearchWindow: 24h
      retention: 2d
      overrides:
        acme:
          limits:
            tenantBytesPerSecond: 5_000_000
            tenantSpansPerSecond: 20000
            tenantBurstSpans: 40000
            maxBytesPerTrace: 5000000
            maxSearchWindow: 30d
          retention: 30d
          retentionBytes: 1000000000
        tiny:
          limits: {tenantBytesPerSecond: 1000}
      """;

  @Test
  void aTenantNamedGetsItsOwnValuesAndTheDefaultsForTheRest() throws Exception {
    TenantLimits limits = load(YAML, Map.of()).tenantLimits();
    TenantLimits.Limits acme = limits.of("acme");
    assertThat(acme.bytesPerSecond()).isEqualTo(5_000_000);
    assertThat(acme.spansPerSecond()).isEqualTo(20_000);
    assertThat(acme.burstSpans()).isEqualTo(40_000);
    assertThat(acme.maxBytesPerTrace()).isEqualTo(5_000_000);
    assertThat(acme.maxSearchWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(acme.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(acme.retentionBytes()).isEqualTo(1_000_000_000);

    TenantLimits.Limits tiny = limits.of("tiny");
    assertThat(tiny.bytesPerSecond()).isEqualTo(1000);
    assertThat(tiny.maxSearchWindow()).as("left out: the default").isEqualTo(Duration.ofHours(24));
    assertThat(tiny.retention()).isEqualTo(Duration.ofDays(2));

    TenantLimits.Limits other = limits.of("anyone-else");
    assertThat(other).isEqualTo(limits.defaults());
    assertThat(other.bytesPerSecond()).isEqualTo(1_000_000);
    assertThat(other.spansPerSecond()).as("no limit by default").isZero();

    assertThat(limits.retentionByTenant()).containsExactly(Map.entry("acme", Duration.ofDays(30)));
    assertThat(limits.retentionBytesByTenant()).containsExactly(Map.entry("acme", 1_000_000_000L));
  }

  @Test
  void theEnvironmentSetsTheDefaultsButNeverATenantsOwnValue() throws Exception {
    TenantLimits limits =
        load(YAML, Map.of("HOPSCOPE_LIMITS_TENANT_BYTES_PER_SECOND", "7")).tenantLimits();
    assertThat(limits.of("nobody").bytesPerSecond()).isEqualTo(7);
    assertThat(limits.of("acme").bytesPerSecond()).isEqualTo(5_000_000);
  }

  @Test
  void anUnknownKeyInATenantsSectionIsRefusedWithItsLineAndTheKeyMeant() throws Exception {
    String typo = "overrides:\n  acme:\n    limits:\n      tenantBytesPerSecnd: 5\n";
    assertThatThrownBy(() -> load(typo, Map.of()))
        .hasMessageContaining(
            "line 4: unknown key 'overrides.acme.limits.tenantBytesPerSecnd'; did you mean"
                + " 'overrides.acme.limits.tenantBytesPerSecond'?");
    // A setting that exists but is not per tenant is unknown there too.
    String global = "overrides:\n  acme:\n    walSync: none\n";
    assertThatThrownBy(() -> load(global, Map.of()))
        .hasMessageContaining("line 3: unknown key 'overrides.acme.walSync'");
    String misspelt = "overides:\n  acme: {retention: 1d}\n";
    assertThatThrownBy(() -> load(misspelt, Map.of()))
        .hasMessageContaining("unknown key 'overides'; did you mean 'overrides'?");
  }

  @Test
  void aBadValueNamesItsFullKeyTheFileAndTheRule() throws Exception {
    assertThatThrownBy(() -> load("overrides:\n  acme:\n    retention: forever\n", Map.of()))
        .hasMessageContaining("overrides.acme.retention = \"forever\" (in ")
        .hasMessageContaining("hopscope.yaml) must be a duration such as 12h or 7d");
    assertThatThrownBy(
            () -> load("overrides:\n  acme:\n    limits: {maxBytesPerTrace: -1}\n", Map.of()))
        .hasMessageContaining("overrides.acme.limits.maxBytesPerTrace = \"-1\"")
        .hasMessageContaining("0 or more");
    assertThatThrownBy(() -> load("overrides:\n  ../etc:\n    retention: 1d\n", Map.of()))
        .hasMessageContaining("overrides.../etc")
        .hasMessageContaining("not a valid tenant name");
    assertThatThrownBy(() -> load("overrides: 5\n", Map.of()))
        .hasMessageContaining("line 1: overrides must map tenant names to their limits");
  }

  @Test
  void compactorRetentionByTenantFeedsTheSameMapAndAConflictIsRefused() throws Exception {
    TenantLimits limits =
        load(YAML, Map.of("HOPSCOPE_COMPACTOR_RETENTION_BY_TENANT", "beta=12h,acme=30d"))
            .tenantLimits();
    assertThat(limits.retentionByTenant())
        .containsEntry("beta", Duration.ofHours(12))
        .containsEntry("acme", Duration.ofDays(30));
    assertThatThrownBy(
            () -> load(YAML, Map.of("HOPSCOPE_COMPACTOR_RETENTION_BY_TENANT", "acme=1d")))
        .hasMessageContaining("compactor.retentionByTenant")
        .hasMessageContaining("overrides.acme.retention");
  }

  @Test
  void zeroMeansNoLimitAndNeedsNoUnit() throws Exception {
    TenantLimits limits = load("limits: {maxSearchWindow: 0}\n", Map.of()).tenantLimits();
    assertThat(limits.defaults().maxSearchWindow()).isZero();
    assertThat(limits.limitsSearchWindows()).isFalse();
    assertThat(load(YAML, Map.of()).tenantLimits().limitsSearchWindows()).isTrue();
  }
}
