package dev.hopscope.store.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DataDirectoryVerifier} found.
 *
 * @param filesChecked manifests, WAL segments and block files read end to end
 * @param bytesChecked their total size
 * @param problems damage: a checksum that fails, a file that does not decode or is missing
 * @param notes findings that are not damage: a torn WAL tail from a crash (never acknowledged, cut
 *     at the next start), blocks already quarantined, files the next start deletes
 */
public record DataDirectoryReport(
    int filesChecked, long bytesChecked, List<Finding> problems, List<Finding> notes) {

  /** One finding about one file. */
  public record Finding(Path file, String message) {
    @Override
    public String toString() {
      return file + ": " + message;
    }
  }

  public DataDirectoryReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  public boolean healthy() {
    return problems.isEmpty();
  }
}
