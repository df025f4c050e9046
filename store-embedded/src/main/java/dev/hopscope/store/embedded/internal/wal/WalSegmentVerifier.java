package dev.hopscope.store.embedded.internal.wal;

import dev.hopscope.store.embedded.WalDamage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads a WAL segment without changing it, exactly as replay would: every record's header and
 * payload checksums and its decoding. {@link WalReplay} acts at startup; this only reports, for
 * {@code hopscope check}.
 */
public final class WalSegmentVerifier {
  /**
   * What one segment holds.
   *
   * @param records records that pass their checksums and decode
   * @param repairedHeaders records whose header is damaged but whose payload its own checksum
   *     proves intact: replay serves them in full
   * @param damages ranges without a valid record, in file order (a torn tail included)
   * @param problem set when the file is not a WAL segment at all; then nothing else was read
   */
  public record Result(
      int records, int repairedHeaders, long sizeBytes, List<WalDamage> damages, String problem) {
    public Result {
      damages = List.copyOf(damages);
    }

    public boolean intact() {
      return problem.isEmpty() && damages.isEmpty();
    }
  }

  private WalSegmentVerifier() {}

  public static Result verify(Path segment) throws IOException {
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      WalSegmentScanner.Scan scan;
      try {
        scan = WalSegmentScanner.scan(segment, channel, (position, payload) -> decode(payload));
      } catch (NotAWalSegmentException e) {
        return new Result(0, 0, channel.size(), List.of(), e.problem());
      }
      return new Result(
          scan.records(), scan.repairedHeaders(), scan.sizeBytes(), scan.damages(), "");
    }
  }

  private static void decode(byte[] payload) {
    WalRecordCodec.decode(payload);
  }
}
