package dev.hopscope.store.embedded.internal.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability helpers shared by the WAL, blocks and the manifest. */
public final class Fsync {
  private Fsync() {}

  /**
   * Forces a directory so that created, renamed and deleted entries survive a crash. Linux allows
   * opening a directory for read and forcing it; platforms that refuse are skipped.
   */
  public static void directory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  public static void file(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
