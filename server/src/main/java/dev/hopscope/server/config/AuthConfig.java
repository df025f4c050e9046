package dev.hopscope.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may call the listeners: tokens from {@code auth.tokensFile}, or nobody checked. Without a
 * tokens file the server behaves as Tempo does (the tenant is whatever {@code X-Scope-OrgID} says),
 * which is only safe where nobody else can reach it: binding beyond loopback then needs {@code
 * auth.mode: none}, said on purpose.
 */
public record AuthConfig(
    Optional<Path> tokensFile,
    boolean explicitlyNone,
    Duration sessionTtl,
    int freeFailures,
    TlsConfig tls) {

  /** Failed attempts from one address within a minute before answers to it are slowed down. */
  static final int FREE_FAILURES = 5;

  /** No tokens, loopback only: what tests and a laptop run. */
  public static AuthConfig none() {
    return new AuthConfig(
        Optional.empty(), false, Duration.ofHours(12), FREE_FAILURES, TlsConfig.none());
  }

  public AuthConfig withTokensFile(Path file) {
    return new AuthConfig(Optional.of(file), false, sessionTtl, freeFailures, tls);
  }

  /** Tests that make many failed attempts on purpose; not a setting. */
  public AuthConfig withFreeFailures(int failures) {
    return new AuthConfig(tokensFile, explicitlyNone, sessionTtl, failures, tls);
  }

  public AuthConfig withSessionTtl(Duration ttl) {
    return new AuthConfig(tokensFile, explicitlyNone, ttl, freeFailures, tls);
  }

  /** One certificate for every listener (TLS is held here: who may connect, and how). */
  public AuthConfig withTls(Path certFile, Path keyFile) {
    return withTls(TlsConfig.everywhere(certFile, keyFile));
  }

  public AuthConfig withTls(TlsConfig newTls) {
    return new AuthConfig(tokensFile, explicitlyNone, sessionTtl, freeFailures, newTls);
  }

  static AuthConfig from(ConfigSources sources, String bind) {
    String mode = sources.get(Setting.AUTH_MODE).trim();
    if (!mode.equals("tokens") && !mode.equals("none")) {
      throw ServerConfig.invalid(sources, Setting.AUTH_MODE, "must be tokens or none");
    }
    String file = sources.get(Setting.AUTH_TOKENS_FILE).trim();
    Duration ttl = ServerConfig.duration(sources, Setting.AUTH_SESSION_TTL);
    if (mode.equals("none")) {
      if (!file.isEmpty()) {
        throw ServerConfig.invalid(
            sources,
            Setting.AUTH_MODE,
            "contradicts auth.tokensFile = \""
                + file
                + "\"; remove one: tokens are checked exactly when a tokens file is named");
      }
      return new AuthConfig(Optional.empty(), true, ttl, FREE_FAILURES, tls(sources));
    }
    if (file.isEmpty()) {
      if (!loopback(bind)) {
        throw new IllegalArgumentException(
            "bind = \""
                + bind
                + "\" (from "
                + sources.origin(Setting.BIND)
                + ") exposes every port beyond this machine, but no auth.tokensFile is set:"
                + " anyone who reaches a port could write to and read every tenant. Set"
                + " auth.tokensFile (see docs/security.md; ./hopscope token makes tokens), or"
                + " set auth.mode: none if a proxy in front authenticates every request");
      }
      return new AuthConfig(Optional.empty(), false, ttl, FREE_FAILURES, tls(sources));
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw ServerConfig.invalid(
          sources,
          Setting.AUTH_TOKENS_FILE,
          "must name a YAML file of tokens; there is no file " + path);
    }
    return new AuthConfig(Optional.of(path), false, ttl, FREE_FAILURES, tls(sources));
  }

  private static TlsConfig tls(ConfigSources sources) {
    return TlsConfig.from(sources);
  }

  private static boolean loopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // cannot tell: treat as exposed
    }
  }
}
