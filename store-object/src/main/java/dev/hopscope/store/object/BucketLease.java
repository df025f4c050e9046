package dev.hopscope.store.object;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A lease in the bucket that at most one process holds at a time (the compactor's), built on the
 * one conditional write every S3 API we target makes atomic: {@code If-None-Match: *}.
 *
 * <p>The lease is a sequence of <em>terms</em>, one small object each, {@code
 * _hopscope/leases/<name>/<20-digit term>}, holding the holder's id and the expiry by its clock.
 * Taking the lease, renewing it and taking it over are all the same step: create term {@code T+1}
 * with {@code If-None-Match: *}, where {@code T} is the newest term listed. Of any number of
 * processes racing for {@code T+1} exactly one creates it; the others get 412 and hold nothing. (A
 * single lease object renewed with {@code If-Match: <etag>} would need that check to be atomic too;
 * s3proxy 4.0.0 checks it and then writes, so racing writers with the same ETag all succeed — see
 * RATIONALE.md.)
 *
 * <p>Expiry is judged without comparing two machines' clocks. The holder counts its lease valid
 * until {@code duration} after the moment <em>before</em> it sent the term; a standby takes over
 * only after it has seen the same newest term, unchanged, for a whole {@code duration} by its own
 * clock (and the written expiry has passed). Since the standby first saw the term after it was
 * written, its wait ends after the holder's validity does, whatever the clocks' offsets.
 *
 * <p>Not thread-safe: one thread (the compactor's loop) drives it.
 */
public final class BucketLease {
  private static final System.Logger LOG = System.getLogger(BucketLease.class.getName());
  private static final JsonFactory JSON = new JsonFactory();

  /** What a term object says. */
  public record Term(long term, String holder, Instant expiresAt, boolean released) {}

  private final ObjectStorage storage;
  private final String prefix;
  private final String holder;
  private final Duration duration;
  private final InstantSource clock;
  private long heldTerm = -1;
  private Instant validUntil = Instant.MIN;
  private long observedTerm = -1;
  private Instant observedSince = Instant.MIN;

  /**
   * @param name which lease ({@code compactor}); a key segment
   * @param holder this process's id, unique per process start (a restarted process is a new holder
   *     and waits like any standby)
   * @param duration how long a term lasts without renewal
   */
  public BucketLease(
      ObjectStorage storage, String name, String holder, Duration duration, InstantSource clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    BlockKeys.requireValidId(name);
    this.prefix = "_hopscope/leases/" + name + "/";
    this.holder = Objects.requireNonNull(holder, "holder");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("lease duration must be positive; received " + duration);
    }
    this.duration = duration;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String holder() {
    return holder;
  }

  /** The term this process holds, or -1. */
  public long heldTerm() {
    return holds() ? heldTerm : -1;
  }

  /**
   * Takes the lease when it is free or expired, renews it when this process holds it, and otherwise
   * keeps watching the holder's term. Returns whether this process holds the lease afterwards.
   */
  public boolean tryHold() {
    Instant now = clock.instant();
    Optional<Term> newest = newest();
    if (newest.isEmpty()) {
      return claim(1, now);
    }
    Term latest = newest.get();
    if (latest.term() == heldTerm && latest.holder().equals(holder)) {
      // Ours and nobody took a later term: renewing is safe even if our validity lapsed meanwhile.
      return claim(latest.term() + 1, now);
    }
    heldTerm = -1;
    if (latest.released()) {
      return claim(latest.term() + 1, now);
    }
    if (latest.term() != observedTerm) {
      observedTerm = latest.term();
      observedSince = now;
      return false;
    }
    boolean unchangedForAWholeTerm = !now.isBefore(observedSince.plus(duration));
    if (unchangedForAWholeTerm && !now.isBefore(latest.expiresAt())) {
      LOG.log(
          Level.INFO,
          "lease {0}: term {1} of {2} expired; {3} takes over",
          prefix,
          latest.term(),
          latest.holder(),
          holder);
      return claim(latest.term() + 1, now);
    }
    return false;
  }

  /** True while this process holds the lease with at least a quarter of a term left. */
  public boolean holds() {
    return heldTerm > 0 && clock.instant().isBefore(validUntil.minus(duration.dividedBy(4)));
  }

  /**
   * Before a step that changes the bucket: renews when half the term has passed, then says whether
   * the step may go ahead.
   */
  public boolean ensureHeld() {
    if (heldTerm > 0 && !clock.instant().isBefore(validUntil.minus(duration.dividedBy(2)))) {
      tryHold();
    }
    return holds();
  }

  /** Ends this process's term at once (clean shutdown), so a standby need not wait for expiry. */
  public void release() {
    if (heldTerm <= 0) {
      return;
    }
    long next = heldTerm + 1;
    heldTerm = -1;
    storage.putIfAbsent(
        termKey(next), json(new Term(next, holder, clock.instant(), true)), "application/json");
  }

  private boolean claim(long term, Instant now) {
    Term mine = new Term(term, holder, now.plus(duration), false);
    if (!storage.putIfAbsent(termKey(term), json(mine), "application/json") && !writtenByUs(term)) {
      heldTerm = -1;
      return false;
    }
    if (heldTerm < 0) {
      LOG.log(Level.INFO, "lease {0}: {1} holds term {2}", prefix, holder, term);
    }
    heldTerm = term;
    validUntil = now.plus(duration);
    // Older terms are history: keep the one before ours for whoever is reading it right now.
    for (ObjectStorage.ObjectInfo object : storage.list(prefix)) {
      Optional<Long> old = termOf(object.key());
      if (old.isPresent() && old.get() < term - 1) {
        storage.delete(object.key());
      }
    }
    return true;
  }

  /**
   * After a 412: whether the term is ours anyway. The SDK retries a PUT whose answer was lost (a
   * reset connection under load); the retry then meets the object our first attempt wrote.
   */
  private boolean writtenByUs(long term) {
    return storage
        .get(termKey(term))
        .map(bytes -> parseOrExpired(term, bytes))
        .filter(written -> written.holder().equals(holder) && !written.released())
        .isPresent();
  }

  /** The newest term in the bucket, if any. */
  public Optional<Term> newest() {
    List<ObjectStorage.ObjectInfo> objects = storage.list(prefix);
    for (int i = objects.size() - 1; i >= 0; i--) {
      String key = objects.get(i).key();
      Optional<Long> term = termOf(key);
      if (term.isPresent()) {
        // Deleted between the listing and now only if a newer term exists: look again next time.
        return storage.get(key).map(bytes -> parseOrExpired(term.get(), bytes));
      }
    }
    return Optional.empty();
  }

  private String termKey(long term) {
    return prefix + String.format("%020d", term);
  }

  private Optional<Long> termOf(String key) {
    String rest = key.substring(prefix.length());
    return rest.length() == 20 && rest.chars().allMatch(Character::isDigit)
        ? Optional.of(Long.parseLong(rest))
        : Optional.empty();
  }

  private static byte[] json(Term term) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("term", term.term());
      json.writeStringField("holder", term.holder());
      json.writeStringField("expiresAt", term.expiresAt().toString());
      json.writeBooleanField("released", term.released());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A term that does not parse (written by hand, or by a later version) is treated as held by an
   * unknown holder whose expiry passed: a standby still waits a whole duration before taking over.
   */
  private static Term parseOrExpired(long term, byte[] bytes) {
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "lease term {0} is unreadable: {1}", term, e.getMessage());
      return new Term(term, "(unreadable)", Instant.EPOCH, false);
    }
  }

  private static Term parse(byte[] bytes) {
    long term = -1;
    String holder = null;
    Instant expiresAt = null;
    boolean released = false;
    try (JsonParser json = JSON.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a lease term is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        switch (name) {
          case "term" -> term = json.getLongValue();
          case "holder" -> holder = json.getText();
          case "expiresAt" -> expiresAt = Instant.parse(json.getText());
          case "released" -> released = json.getBooleanValue();
          default -> json.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("a lease term does not parse: " + e.getMessage(), e);
    }
    if (term < 1 || holder == null || expiresAt == null) {
      throw new IllegalArgumentException("a lease term lacks term, holder or expiresAt");
    }
    return new Term(term, holder, expiresAt, released);
  }
}
