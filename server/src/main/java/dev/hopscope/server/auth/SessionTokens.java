package dev.hopscope.server.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's sign-in sessions: a random id in an HttpOnly cookie stands for a token the user
 * typed once. Kept in memory, on purpose: the id is a random key, not a signed value, so a forged
 * or replayed-after-sign-out cookie finds nothing; a restart signs everyone out; a session never
 * outlives its token (the token is looked up again on every request, so revoking it ends its
 * sessions too).
 */
public final class SessionTokens {
  public static final String COOKIE = "hopscope_session";
  static final int MAX_SESSIONS = 10_000;

  private final Duration ttl;
  private final InstantSource clock;
  private final SecureRandom random;
  private final Map<String, Session> byId = new ConcurrentHashMap<>();

  /** A live session: the token behind it and the tenant chosen in the UI (null: the token's). */
  public record Session(String token, Instant expires, @Nullable String tenant) {}

  public SessionTokens(Duration ttl, InstantSource clock, SecureRandom random) {
    this.ttl = ttl;
    this.clock = clock;
    this.random = random;
  }

  public Duration ttl() {
    return ttl;
  }

  /** Starts a session for a token already checked; returns the cookie's value. */
  public String start(String token) {
    Instant now = clock.instant();
    if (byId.size() >= MAX_SESSIONS) {
      byId.values().removeIf(s -> !s.expires().isAfter(now));
      while (byId.size() >= MAX_SESSIONS) { // the oldest go first
        byId.entrySet().stream()
            .min(Comparator.comparing(e -> e.getValue().expires()))
            .ifPresent(e -> byId.remove(e.getKey()));
      }
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    byId.put(id, new Session(token, now.plus(ttl), null));
    return id;
  }

  /** Makes {@code tenant} the session's tenant (the caller checked the token may act for it). */
  public void choose(HttpServerRequest request, String tenant) {
    Cookie cookie = request.getCookie(COOKIE);
    if (cookie != null) {
      byId.computeIfPresent(
          cookie.getValue(), (id, s) -> new Session(s.token(), s.expires(), tenant));
    }
  }

  /** The live session the request's cookie names, if any. */
  public Optional<Session> of(HttpServerRequest request) {
    Cookie cookie = request.getCookie(COOKIE);
    return cookie == null ? Optional.empty() : of(cookie.getValue());
  }

  Optional<Session> of(String id) {
    Session session = byId.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (!session.expires().isAfter(clock.instant())) {
      byId.remove(id);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  /** Signs out: the cookie's id no longer stands for anything. */
  public void end(HttpServerRequest request) {
    Cookie cookie = request.getCookie(COOKIE);
    if (cookie != null) {
      byId.remove(cookie.getValue());
    }
  }
}
