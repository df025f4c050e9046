package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Damage as disks and crashes make it, for tests of replay and of the offline check. */
final class WalFaults {
  /** A segment's own header: magic and format version. */
  private static final int SEGMENT_HEADER = 12;

  private WalFaults() {}

  /**
   * Appends the first {@code bytes} bytes of the segment's first record: what a write that stopped
   * part-way leaves (a whole header, part of the payload).
   */
  static void appendTornRecord(Path segment, int bytes) throws IOException {
    byte[] contents = Files.readAllBytes(segment);
    assertThat(contents.length).isGreaterThan(SEGMENT_HEADER + bytes);
    byte[] prefix = Arrays.copyOfRange(contents, SEGMENT_HEADER, SEGMENT_HEADER + bytes);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.seek(file.length());
      file.write(prefix);
    }
  }

  static void flipBit(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int value = raf.read();
      raf.seek(offset);
      raf.write(value ^ 0x10);
    }
  }
}
