package dev.hopscope.store.embedded.internal.wal;

import dev.hopscope.store.embedded.WalDamage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Replays a segment's records in order, and never destroys one that may have been acknowledged.
 *
 * <ul>
 *   <li>A torn tail (the file ends inside a record: a write stopped part-way, so its future failed
 *       and nobody was answered) is cut off, with a log line.
 *   <li>Any other damaged range (whole bytes failing a checksum, a record that does not decode) is
 *       skipped, and replay resumes at the next valid record. The segment is left exactly as it is
 *       and copied into the tenant's quarantine directory first, and the range and the spans lost
 *       are logged and returned, for {@code /metrics} and the operator.
 * </ul>
 *
 * <p>The writer never appends to a segment that existed before it started, so leaving damage in
 * place is safe; the segment is deleted once its records are in a block, like any other.
 */
public final class WalReplay {
  /** Receives each valid record's payload; a runtime exception marks the record undecodable. */
  public interface RecordHandler {
    void accept(byte[] payload);
  }

  /**
   * @param records records handed to the handler
   * @param damages ranges without a valid record (torn tails included), in file order
   */
  public record Result(int records, List<WalDamage> damages) {
    public Result {
      damages = List.copyOf(damages);
    }

    /** Damage that may have held acknowledged records: everything but a torn tail. */
    public List<WalDamage> losses() {
      return damages.stream().filter(d -> d.kind() == WalDamage.Kind.DAMAGED).toList();
    }
  }

  private static final System.Logger LOG = System.getLogger(WalReplay.class.getName());

  private WalReplay() {}

  /**
   * Replays one segment. {@code quarantine} receives a copy of the segment, made before anything
   * else happens to it, when it holds damage other than a torn tail.
   */
  public static Result replay(Path segment, Path quarantine, RecordHandler handler)
      throws IOException {
    WalSegmentScanner.Scan scan;
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      scan =
          WalSegmentScanner.scan(
              segment,
              channel,
              (position, payload) -> {
                try {
                  handler.accept(payload);
                } catch (RuntimeException e) {
                  LOG.log(
                      Level.ERROR,
                      "WAL segment "
                          + segment
                          + ": the record at byte "
                          + position
                          + " passes its checksums but does not decode (a bug); it is kept in"
                          + " quarantine",
                      e);
                  throw e;
                }
              });
    }
    Result result = new Result(scan.records(), scan.damages());
    if (scan.repairedHeaders() > 0) {
      LOG.log(
          Level.WARNING,
          "WAL segment {0}: {1} record headers were damaged but their payloads passed their own"
              + " checksums; those records were replayed in full",
          segment,
          scan.repairedHeaders());
    }
    if (!result.losses().isEmpty()) {
      Path copy = keepCopy(segment, quarantine);
      for (WalDamage damage : result.losses()) {
        LOG.log(
            Level.ERROR,
            "WAL damage: {0}. Replay went on at the next valid record; a copy of the segment is"
                + " {1}",
            damage.describe(),
            copy);
      }
    }
    for (WalDamage damage : scan.damages()) {
      if (damage.kind() == WalDamage.Kind.TORN_TAIL) {
        cutTornTail(segment, damage);
      }
    }
    return result;
  }

  private static Path keepCopy(Path segment, Path quarantine) throws IOException {
    Files.createDirectories(quarantine);
    Path copy = quarantine.resolve(segment.getFileName() + ".damaged");
    if (!Files.exists(copy)) {
      // Copy to a temporary name first: a crash mid-copy must not leave a partial "copy".
      Path partial = quarantine.resolve(segment.getFileName() + ".damaged.partial");
      Files.copy(segment, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Fsync.file(partial);
      Files.move(partial, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Fsync.directory(quarantine);
    }
    return copy;
  }

  private static void cutTornTail(Path segment, WalDamage tail) throws IOException {
    LOG.log(
        Level.WARNING,
        "WAL segment {0}: {1} at byte {2}; truncating {3} bytes of torn tail (a write that was"
            + " never acknowledged)",
        segment,
        tail.reason(),
        tail.fromByte(),
        tail.bytes());
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(tail.fromByte());
      channel.force(true);
    }
  }
}
