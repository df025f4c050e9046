package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.auth.TokenEntry;
import dev.hopscope.server.auth.TokenRegistry;
import dev.hopscope.server.auth.TokensFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new HopscopeCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void thePrintedEntryPastedIntoTheFileAcceptsThePrintedToken() throws Exception {
    assertThat(
            run(
                "token",
                "--tenant",
                "shop,\"*\"".replace("\"", ""),
                "--can",
                "read,write",
                "--name",
                "ci"))
        .isZero();
    String printed = out.toString();
    String token =
        printed
            .lines()
            .map(String::trim)
            .filter(l -> l.startsWith("hst_"))
            .findFirst()
            .orElseThrow();
    assertThat(token).hasSize(4 + 43);
    String entry = printed.substring(printed.indexOf("- name:"), printed.indexOf("Clients send"));
    Path file = Files.writeString(dir.resolve("tokens.yaml"), entry);

    List<TokenEntry> entries = TokensFile.read(file);
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).tenants()).containsExactly("shop", "*");
    assertThat(entries.get(0).can()).isEqualTo(Set.of(Permission.READ, Permission.WRITE));
    TokenRegistry registry = TokenRegistry.open(file, InstantSource.system(), () -> {});
    assertThat(registry.find(token)).isPresent();
    assertThat(printed.split(token, -1)).as("the token is printed once").hasSize(2);
  }

  @Test
  void twoRunsMakeDifferentTokens() {
    run("token", "--tenant", "a", "--can", "write", "--name", "x");
    run("token", "--tenant", "a", "--can", "write", "--name", "x");
    assertThat(out.toString().lines().filter(l -> l.trim().startsWith("hst_")).distinct().count())
        .isEqualTo(2);
  }

  @Test
  void anUnknownPermissionIsAUsageErrorNamingIt() {
    assertThat(run("token", "--tenant", "a", "--can", "delete", "--name", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--can: \"delete\" is not write, read or admin");
  }
}
