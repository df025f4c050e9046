package dev.hopscope.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The tokens of {@code auth.tokensFile}, re-read when the file changes so that adding or revoking a
 * token needs no restart. The file is looked at (one stat) at most once per {@link #CHECK_EVERY}
 * from the request path, rather than by a watcher thread: nothing to start or stop, and it works on
 * file systems without change notification (NFS, some container mounts). A file that fails to parse
 * keeps the tokens read before (logged, counted) — a half-written file must not lock everyone out.
 */
public final class TokenRegistry {
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(TokenRegistry.class.getName());

  private final Path file;
  private final InstantSource clock;
  private final Runnable onReloadFailure;
  private volatile List<TokenEntry> entries;
  // Guarded by this: when the file was last looked at, and what it looked like when read.
  private Instant checked;
  private Object readVersion;

  private TokenRegistry(Path file, InstantSource clock, Runnable onReloadFailure) {
    this.file = file;
    this.clock = clock;
    this.onReloadFailure = onReloadFailure;
    this.readVersion = version(file);
    this.entries = TokensFile.read(file); // at start-up a bad file stops the server
    this.checked = clock.instant();
  }

  /** Reads the file now; throws IllegalArgumentException naming the mistake. */
  public static TokenRegistry open(Path file, InstantSource clock, Runnable onReloadFailure) {
    return new TokenRegistry(file, clock, onReloadFailure);
  }

  /** The entry for a presented token, comparing hashes in constant time against every entry. */
  public Optional<TokenEntry> find(String token) {
    byte[] presented = sha256(token);
    TokenEntry found = null;
    // No early exit: the time taken does not depend on which entry (if any) matched.
    for (TokenEntry entry : current()) {
      if (entry.matches(presented)) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  public int size() {
    return current().size();
  }

  List<TokenEntry> current() {
    synchronized (this) {
      Instant now = clock.instant();
      if (Duration.between(checked, now).compareTo(CHECK_EVERY) >= 0) {
        checked = now;
        Object version = version(file);
        if (!version.equals(readVersion)) {
          reload(version);
        }
      }
    }
    return entries;
  }

  private void reload(Object version) {
    try {
      entries = TokensFile.read(file);
      readVersion = version;
      LOG.log(
          System.Logger.Level.INFO,
          "auth.tokensFile " + file + " re-read: " + entries.size() + " tokens");
    } catch (IllegalArgumentException e) {
      // Not remembered as read: the next look tries again, e.g. once the writer has finished.
      onReloadFailure.run();
      LOG.log(
          System.Logger.Level.WARNING,
          "keeping the " + entries.size() + " tokens read before: " + e.getMessage());
    }
  }

  // Modification time and size: a rewrite changes at least one of them in practice.
  private static Object version(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(attributes.lastModifiedTime(), attributes.size());
    } catch (IOException e) {
      return List.of("missing");
    }
  }

  /** The hex digest stored in the file for a token. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
