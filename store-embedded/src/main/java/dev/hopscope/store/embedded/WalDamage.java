package dev.hopscope.store.embedded;

import java.nio.file.Path;

/**
 * A byte range of a WAL segment that holds no valid record.
 *
 * @param segment the segment file
 * @param fromByte first damaged byte
 * @param toByte end of the range (exclusive): the next valid record, or the end of the file
 * @param records records known to be lost in the range (1 when the range is one record whose
 *     payload fails its checksum; at least 1, exact count unknown, when a header is damaged)
 * @param spans spans lost, from the record header; -1 when the header itself is damaged
 * @param kind what explains the range
 * @param reason what failed, for people
 */
public record WalDamage(
    Path segment, long fromByte, long toByte, int records, long spans, Kind kind, String reason) {

  /** What explains a damaged range, which decides what replay may do with it. */
  public enum Kind {
    /**
     * The file ends inside a record: a write stopped part-way (a crash while appending, or a failed
     * write after which the writer went on in a new segment). The record's future failed, so it was
     * never acknowledged, and replay cuts it off.
     */
    TORN_TAIL,
    /**
     * Whole bytes that fail a checksum or do not decode: damage on disk, or a bug. The records may
     * have been acknowledged, so replay keeps the file as it is and a copy in quarantine.
     */
    DAMAGED
  }

  public long bytes() {
    return toByte - fromByte;
  }

  /** "bytes [120, 4410) of 000…7.wal: 1 record, 200 spans lost (payload fails its CRC32C)". */
  public String describe() {
    String lost =
        spans >= 0
            ? records + (records == 1 ? " record, " : " records, ") + spans + " spans"
            : "at least " + records + (records == 1 ? " record" : " records") + ", spans unknown";
    return "bytes ["
        + fromByte
        + ", "
        + toByte
        + ") of "
        + segment
        + ": "
        + lost
        + (kind == Kind.TORN_TAIL ? " never acknowledged (" : " lost (")
        + reason
        + ")";
  }
}
