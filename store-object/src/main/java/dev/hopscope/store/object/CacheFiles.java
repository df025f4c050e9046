package dev.hopscope.store.object;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** The local copies the object store keeps of small objects it downloaded (metas, tails). */
final class CacheFiles {
  private static final System.Logger LOG = System.getLogger(CacheFiles.class.getName());

  private CacheFiles() {}

  /**
   * Keeps {@code bytes} as {@code file}, written aside and renamed, so a crash never leaves half a
   * file under the real name. A failure is logged and forgotten: the caller has the bytes in
   * memory, and only a restart pays the download again.
   *
   * @param what what the file holds, for the log line ("meta", "tail")
   */
  static void keep(Path file, byte[] bytes, String what) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".part");
      Files.write(temp, bytes);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not keep " + what + " {0} on disk: {1}", file, e.getMessage());
    }
  }
}
