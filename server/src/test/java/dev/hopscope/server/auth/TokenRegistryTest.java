package dev.hopscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRegistryTest {
  @TempDir Path dir;

  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final AtomicInteger failedReloads = new AtomicInteger();

  @Test
  void aChangedFileIsReReadWithoutARestartAndABrokenOneKeepsTheTokensReadBefore() throws Exception {
    Path file = new TestTokens().add("first", "a", "read").writeTo(dir.resolve("t.yaml"));
    TokenRegistry registry =
        TokenRegistry.open(file, AccessControlTest.at(millis), failedReloads::incrementAndGet);
    assertThat(registry.find("first")).isPresent();

    new TestTokens().add("second", "a", "read").add("third", "b", "write").writeTo(file);
    assertThat(registry.find("second")).as("not looked at again within a second").isEmpty();
    millis.addAndGet(TokenRegistry.CHECK_EVERY.toMillis());
    assertThat(registry.find("second")).isPresent();
    assertThat(registry.find("first")).as("revoked by removing its line").isEmpty();

    Files.writeString(file, "- sha256: nothex\n  tenant: a\n  can: [read]\n");
    millis.addAndGet(TokenRegistry.CHECK_EVERY.toMillis());
    assertThat(registry.find("second")).isPresent();
    assertThat(failedReloads).hasValue(1);
  }

  @Test
  void aBadFileStopsTheStartNamingTheEntryAndTheFix() throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "- token: hst_abc\n  tenant: a\n  can: [read]\n");
    assertThatThrownBy(() -> TokenRegistry.open(file, AccessControlTest.at(millis), () -> {}))
        .hasMessageContaining("entry 1 holds a token itself; store only its sha256");
    Files.writeString(
        file, "- sha256: " + "a".repeat(64) + "\n  tenant: a\n  can: [read, delete]\n");
    assertThatThrownBy(() -> TokenRegistry.open(file, AccessControlTest.at(millis), () -> {}))
        .hasMessageContaining("can \"delete\" is not write, read or admin");
    Files.writeString(
        file, "tokens:\n- sha256: " + "a".repeat(64) + "\n  tenant: ../x\n  can: [read]\n");
    assertThatThrownBy(() -> TokenRegistry.open(file, AccessControlTest.at(millis), () -> {}))
        .hasMessageContaining("entry 1: tenant \"../x\" is not a valid tenant name");
    Files.writeString(file, "- sha256: " + "a".repeat(64) + "\n  can: [read]\n");
    assertThatThrownBy(() -> TokenRegistry.open(file, AccessControlTest.at(millis), () -> {}))
        .hasMessageContaining("exactly one of tenant");
  }
}
