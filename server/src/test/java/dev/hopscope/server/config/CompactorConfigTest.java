package dev.hopscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --role compactor} and its settings: defaults, per-tenant retention, refusals. */
class CompactorConfigTest {
  private static ServerConfig from(Map<Setting, String> flags, Map<String, String> env) {
    return ServerConfig.from(ConfigSources.of(flags, env, null));
  }

  @Test
  void theCompactorRoleStartsWithTheBucketAndTheDefaults() {
    ServerConfig config = from(Map.of(Setting.ROLE, "compactor"), Map.of());
    assertThat(config.cluster().role()).isEqualTo(ClusterConfig.Role.COMPACTOR);
    assertThat(config.cluster().objectStorage()).isPresent();
    assertThat(config.cluster().kafka()).isEmpty();
    assertThat(config.cluster().compactor()).isEqualTo(CompactorConfig.defaults());
    assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void retentionByTenantOverridesTheDefaultForTheTenantsItNames() {
    ServerConfig config =
        from(
            Map.of(Setting.ROLE, "compactor"),
            Map.of("HOPSCOPE_COMPACTOR_RETENTION_BY_TENANT", " acme=30d, beta-2=12h "));
    assertThat(config.cluster().compactor().retentionByTenant())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("acme", Duration.ofDays(30), "beta-2", Duration.ofHours(12)));
  }

  @Test
  void aBadRetentionEntryIsRefusedNamingTheKeyTheEntryAndTheForm() {
    assertThatThrownBy(
            () -> from(Map.of(Setting.COMPACTOR_RETENTION_BY_TENANT, "acme:30d"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compactor.retentionByTenant = \"acme:30d\" (from flag)")
        .hasMessageContaining("\"acme:30d\"")
        .hasMessageContaining("acme=30d,beta=12h");
    assertThatThrownBy(
            () -> from(Map.of(Setting.COMPACTOR_RETENTION_BY_TENANT, "acme=30 days"), Map.of()))
        .hasMessageContaining("tenant acme")
        .hasMessageContaining("ms, s, m, h or d");
    assertThatThrownBy(
            () -> from(Map.of(Setting.COMPACTOR_RETENTION_BY_TENANT, "a=1d,a=2d"), Map.of()))
        .hasMessageContaining("names tenant a twice");
    assertThatThrownBy(() -> from(Map.of(Setting.COMPACTOR_RETENTION_BY_TENANT, "_x=1d"), Map.of()))
        .hasMessageContaining("not a valid tenant name");
  }

  @Test
  void aLeaseShorterThanTwoCyclesIsRefused() {
    assertThatThrownBy(
            () ->
                from(
                    Map.of(Setting.COMPACTOR_CYCLE, "1m", Setting.COMPACTOR_LEASE_DURATION, "90s"),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compactor.leaseDuration = \"90s\"")
        .hasMessageContaining("at least twice compactor.cycle (1m)");
  }
}
