package dev.hopscope.store.embedded.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.store.embedded.WalDamage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What replay does with every kind of damage: one flipped byte anywhere costs at most the record it
 * lands in, and never a record after it; a torn tail is cut; nothing else is ever truncated.
 */
class WalDamageTest {
  private static final int RECORDS = 120;
  private static final long SEED = Long.getLong("hopscope.seed", new SplittableRandom().nextLong());

  @TempDir Path directory;
  private Path segment;
  private final List<byte[]> payloads = new ArrayList<>();

  /** Where each record starts and ends in the segment, header included. */
  private final List<long[]> extents = new ArrayList<>();

  @BeforeEach
  void writeASegment() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    Path wal = Files.createDirectories(directory.resolve("wal"));
    try (WalWriter writer = new WalWriter(wal, 1, true, (segment, attachment) -> {}, "t")) {
      long position = WalSegments.HEADER_BYTES;
      for (int i = 0; i < RECORDS; i++) {
        byte[] payload = new byte[1 + random.nextInt(i % 10 == 0 ? 5000 : 300)];
        random.nextBytes(payload);
        ByteBuffer.wrap(payload).put(0, (byte) i);
        payloads.add(payload);
        // Some records hold the marker itself, as real payloads may: resync must not trip on it.
        if (payload.length > 40 && i % 7 == 0) {
          ByteBuffer.wrap(payload).putInt(20, WalRecordFormat.MARKER);
        }
        writer.append(payload, i + 1, i).join();
        long end = position + WalRecordFormat.HEADER_BYTES + payload.length;
        extents.add(new long[] {position, end});
        position = end;
      }
    }
    segment = WalSegments.path(wal, 1);
  }

  @Test
  void anIntactSegmentReplaysEveryRecordAndReportsNothing() throws IOException {
    List<byte[]> replayed = new ArrayList<>();
    WalReplay.Result result = WalReplay.replay(segment, quarantine(), replayed::add);
    assertThat(result.records()).isEqualTo(RECORDS);
    assertThat(result.damages()).isEmpty();
    assertThat(replayed).usingElementComparator(Arrays::compare).isEqualTo(payloads);
    assertThat(quarantine()).doesNotExist();
  }

  @Test
  void oneFlippedByteAnywhereCostsAtMostTheRecordItLandsIn() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] original = Files.readAllBytes(segment);
    for (int trial = 0; trial < 300; trial++) {
      Files.write(segment, original);
      deleteQuarantine();
      long offset = WalSegments.HEADER_BYTES + random.nextLong(original.length - 12);
      flip(segment, offset, 1 << random.nextInt(8));
      int hit = recordAt(offset);
      boolean inHeader = offset - extents.get(hit)[0] < WalRecordFormat.HEADER_BYTES;
      String context = "seed " + SEED + ", trial " + trial + ", byte " + offset + ", record " + hit;

      List<byte[]> replayed = new ArrayList<>();
      WalReplay.Result result = WalReplay.replay(segment, quarantine(), replayed::add);

      List<byte[]> expected = new ArrayList<>(payloads);
      if (inHeader) {
        // The payload's own checksum proves it intact: nothing is lost.
        assertThat(result.damages()).as(context).isEmpty();
      } else {
        expected.remove(hit);
        assertThat(result.damages()).as(context).hasSize(1);
        WalDamage damage = result.damages().getFirst();
        assertThat(damage.kind()).as(context).isEqualTo(WalDamage.Kind.DAMAGED);
        assertThat(new long[] {damage.fromByte(), damage.toByte()})
            .as(context)
            .containsExactly(extents.get(hit));
        assertThat(damage.spans()).as(context).isEqualTo(hit + 1);
        assertThat(damage.describe()).contains("bytes [" + extents.get(hit)[0] + ", ");
        // The damaged segment is kept as it was, in quarantine too.
        assertThat(Files.readAllBytes(quarantine().resolve(segment.getFileName() + ".damaged")))
            .isEqualTo(Files.readAllBytes(segment));
      }
      assertThat(replayed).as(context).usingElementComparator(Arrays::compare).isEqualTo(expected);
      assertThat(Files.size(segment)).as(context).isEqualTo(original.length);
    }
  }

  @Test
  void aDamagedRunOfBytesAcrossRecordsCostsOnlyTheRecordsItTouches() throws IOException {
    // 40 bytes of zeros from the middle of record 30 into record 31's header.
    long from = extents.get(31)[0] - 20;
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.seek(from);
      file.write(new byte[40]);
    }
    List<byte[]> replayed = new ArrayList<>();
    WalReplay.Result result = WalReplay.replay(segment, quarantine(), replayed::add);

    List<byte[]> expected = new ArrayList<>(payloads);
    expected.remove(31);
    expected.remove(30);
    assertThat(replayed).usingElementComparator(Arrays::compare).isEqualTo(expected);
    assertThat(result.losses())
        .extracting(WalDamage::fromByte, WalDamage::toByte, WalDamage::spans)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(extents.get(30)[0], extents.get(30)[1], 31L),
            org.assertj.core.groups.Tuple.tuple(extents.get(31)[0], extents.get(32)[0], -1L));
  }

  @Test
  void aTornTailIsCutAndEverythingBeforeItReplayed() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] original = Files.readAllBytes(segment);
    long lastStart = extents.getLast()[0];
    for (int trial = 0; trial < 50; trial++) {
      int cut = (int) (lastStart + 1 + random.nextLong(original.length - lastStart - 1));
      Files.write(segment, Arrays.copyOf(original, cut));
      List<byte[]> replayed = new ArrayList<>();
      WalReplay.Result result = WalReplay.replay(segment, quarantine(), replayed::add);
      assertThat(result.records()).isEqualTo(RECORDS - 1);
      assertThat(result.losses()).isEmpty();
      assertThat(result.damages())
          .singleElement()
          .extracting(WalDamage::kind)
          .isEqualTo(WalDamage.Kind.TORN_TAIL);
      assertThat(Files.size(segment)).isEqualTo(lastStart);
    }
    assertThat(quarantine()).doesNotExist();
  }

  @Test
  void zerosAfterTheLastRecordAreATornTail() throws IOException {
    long size = Files.size(segment);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(size + 4096);
    }
    WalReplay.Result result = WalReplay.replay(segment, quarantine(), payload -> {});
    assertThat(result.records()).isEqualTo(RECORDS);
    assertThat(result.losses()).isEmpty();
    assertThat(Files.size(segment)).isEqualTo(size);
  }

  @Test
  void aRecordThatPassesItsChecksumsButDoesNotDecodeIsSkippedNotFatal() throws IOException {
    List<Integer> replayed = new ArrayList<>();
    WalReplay.Result result =
        WalReplay.replay(
            segment,
            quarantine(),
            payload -> {
              if (payload[0] == 17) {
                throw new IllegalStateException("decoder bug");
              }
              replayed.add((int) payload[0]);
            });
    assertThat(replayed).hasSize(RECORDS - 1).doesNotContain(17);
    assertThat(result.losses())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).contains("does not decode").contains("decoder bug");
              assertThat(d.spans()).isEqualTo(18);
            });
    assertThat(quarantine().resolve(segment.getFileName() + ".damaged")).exists();
  }

  @Test
  void theVerifierReportsWhatReplayWouldWithoutChangingAByte() throws IOException {
    long offset = extents.get(60)[0] + WalRecordFormat.HEADER_BYTES + 3;
    flip(segment, offset, 0x04);
    byte[] before = Files.readAllBytes(segment);
    WalSegmentVerifier.Result result = WalSegmentVerifier.verify(segment);
    // Undecodable random payloads are findings of their own; only the checksum one matters here.
    assertThat(result.damages())
        .filteredOn(d -> d.reason().contains("CRC32C"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.fromByte()).isEqualTo(extents.get(60)[0]);
              assertThat(d.toByte()).isEqualTo(extents.get(60)[1]);
              assertThat(d.spans()).isEqualTo(61);
            });
    assertThat(Files.readAllBytes(segment)).isEqualTo(before);
  }

  @Test
  void aFormat1SegmentStillReplays() throws IOException {
    Path old = directory.resolve("wal").resolve(String.format("%020d.wal", 9));
    ByteBuffer bytes = ByteBuffer.allocate(1000);
    bytes.put(WalSegments.MAGIC).putInt(1);
    for (int i = 0; i < 3; i++) {
      byte[] payload = {(byte) i, 7, 7};
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(payload);
      bytes.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
    }
    Files.write(old, Arrays.copyOf(bytes.array(), bytes.position()));
    List<Integer> replayed = new ArrayList<>();
    WalReplay.Result result =
        WalReplay.replay(old, quarantine(), payload -> replayed.add((int) payload[0]));
    assertThat(replayed).containsExactly(0, 1, 2);
    assertThat(result.damages()).isEmpty();
  }

  private int recordAt(long offset) {
    for (int i = 0; i < extents.size(); i++) {
      if (offset < extents.get(i)[1]) {
        return i;
      }
    }
    throw new AssertionError("offset " + offset + " is past the last record");
  }

  private Path quarantine() {
    return directory.resolve("quarantine");
  }

  private void deleteQuarantine() throws IOException {
    Path copy = quarantine().resolve(segment.getFileName() + ".damaged");
    Files.deleteIfExists(copy);
  }

  private static void flip(Path file, long offset, int mask) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int value = raf.read();
      raf.seek(offset);
      raf.write(value ^ mask);
    }
  }
}
