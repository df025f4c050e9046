package dev.hopscope.store.embedded.internal.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Names and lists WAL segment files: {@code <20-digit id>.wal}, ordered by id. */
public final class WalSegments {
  static final byte[] MAGIC = {'H', 'O', 'P', 'S', 'W', 'A', 'L', '1'};
  static final int HEADER_BYTES = MAGIC.length + 4;

  /** 2: records framed by {@link WalRecordFormat}. Format-1 segments are still replayed. */
  static final int FORMAT_VERSION = 2;

  private static final String SUFFIX = ".wal";

  private WalSegments() {}

  public static Path path(Path directory, long id) {
    return directory.resolve(String.format("%020d%s", id, SUFFIX));
  }

  /** Segment ids present in the directory, ascending. */
  public static List<Long> list(Path directory) throws IOException {
    List<Long> ids = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return ids;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(
          file -> {
            String name = file.getFileName().toString();
            if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()) {
              try {
                ids.add(Long.parseLong(name.substring(0, 20)));
              } catch (NumberFormatException ignored) {
                // Not one of ours; leave it alone.
              }
            }
          });
    }
    ids.sort(null);
    return ids;
  }
}
