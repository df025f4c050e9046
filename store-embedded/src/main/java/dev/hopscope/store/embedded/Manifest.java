package dev.hopscope.store.embedded;

import dev.hopscope.store.StoreException;
import dev.hopscope.store.embedded.internal.wal.Fsync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The set of live blocks of a tenant and the last WAL segment whose spans are all in those blocks.
 * A small text file (an operator can read it) ending in its own CRC32C, replaced atomically: write
 * a temp file, force it, rename over the old one, force the directory.
 *
 * @param walCheckpoint segments with ids up to this one are fully in blocks and may be deleted
 * @param nextBlockId the id the next new block file gets
 */
record Manifest(long walCheckpoint, long nextBlockId, List<String> blocks) {
  static final String FILE = "MANIFEST";
  private static final String TEMP = "MANIFEST.tmp";
  private static final String HEADER = "hopscope-manifest 1";

  Manifest {
    blocks = List.copyOf(blocks);
  }

  static Manifest empty() {
    return new Manifest(0, 1, List.of());
  }

  static Manifest read(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    if (!Files.exists(file)) {
      return empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() < 4 || !lines.getFirst().equals(HEADER)) {
      throw new StoreException(
          file
              + " is not a Hopscope manifest (first line "
              + (lines.isEmpty() ? "missing" : lines.getFirst())
              + ")");
    }
    String body = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
    String crcLine = lines.getLast();
    if (!crcLine.equals("crc32c " + crc(body))) {
      throw new StoreException(
          file
              + " fails its checksum; it is replaced atomically, so this means the disk changed it."
              + " Restore it from a backup, or delete it to rebuild from the WAL (blocks are then"
              + " ignored)");
    }
    long checkpoint = Long.parseLong(value(lines.get(1), "wal-checkpoint", file));
    long nextBlock = Long.parseLong(value(lines.get(2), "next-block", file));
    List<String> blocks = new ArrayList<>();
    for (String line : lines.subList(3, lines.size() - 1)) {
      blocks.add(value(line, "block", file));
    }
    return new Manifest(checkpoint, nextBlock, blocks);
  }

  private static String value(String line, String key, Path file) {
    if (!line.startsWith(key + " ")) {
      throw new StoreException(file + ": expected \"" + key + " ...\", found \"" + line + "\"");
    }
    return line.substring(key.length() + 1);
  }

  void write(Path directory) {
    StringBuilder body = new StringBuilder(HEADER).append('\n');
    body.append("wal-checkpoint ").append(walCheckpoint).append('\n');
    body.append("next-block ").append(nextBlockId).append('\n');
    for (String block : blocks) {
      body.append("block ").append(block).append('\n');
    }
    String text = body + "crc32c " + crc(body.toString()) + "\n";
    Path temp = directory.resolve(TEMP);
    try {
      Files.writeString(
          temp,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      Fsync.file(temp);
      Files.move(temp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
      Fsync.directory(directory);
    } catch (IOException e) {
      throw new StoreException(
          "could not replace the manifest in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static String crc(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  Manifest withBlocks(List<String> newBlocks, long newCheckpoint, long newNextBlockId) {
    return new Manifest(newCheckpoint, newNextBlockId, newBlocks);
  }
}
