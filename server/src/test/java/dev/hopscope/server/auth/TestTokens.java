package dev.hopscope.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Writes tokens files for tests: tokens are readable names, the file holds their hashes. */
public final class TestTokens {
  private final StringBuilder yaml = new StringBuilder();

  /** Adds {@code token} for {@code tenants} (YAML flow list items) with {@code can}. */
  public TestTokens add(String token, String tenants, String can) {
    yaml.append("- name: ")
        .append(token)
        .append("\n  tenants: [")
        .append(tenants)
        .append("]\n  can: [")
        .append(can)
        .append("]\n  sha256: ")
        .append(HexFormat.of().formatHex(TokenRegistry.sha256(token)))
        .append('\n');
    return this;
  }

  public Path writeTo(Path file) {
    try {
      Files.writeString(file, yaml.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
