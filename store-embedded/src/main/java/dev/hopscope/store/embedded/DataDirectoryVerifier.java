package dev.hopscope.store.embedded;

import dev.hopscope.store.StoreReadException;
import dev.hopscope.store.embedded.DataDirectoryReport.Finding;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.wal.WalSegmentVerifier;
import dev.hopscope.store.embedded.internal.wal.WalSegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks an embedded store's data directory offline, changing nothing: every tenant's manifest
 * checksum, every WAL record's checksum and encoding, and every block's header, whole-file and
 * footer checksums, the footer's agreement with its row groups, and the decoding of all its rows
 * (which reads and checks every column chunk). Uses the store's own readers, so it accepts exactly
 * what the store accepts at startup.
 */
public final class DataDirectoryVerifier {
  private final List<Finding> problems = new ArrayList<>();
  private final List<Finding> notes = new ArrayList<>();
  private int files;
  private long bytes;

  private DataDirectoryVerifier() {}

  /**
   * @throws IOException when a directory cannot be listed; damage inside files is reported instead
   */
  public static DataDirectoryReport verify(Path dataDirectory) throws IOException {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    if (!Files.isDirectory(dataDirectory)) {
      throw new IllegalArgumentException(
          dataDirectory + " is not a directory; pass the server's --data-dir");
    }
    DataDirectoryVerifier verifier = new DataDirectoryVerifier();
    Path tenants = dataDirectory.resolve("tenants");
    if (Files.isDirectory(tenants)) {
      for (Path tenant : list(tenants)) {
        if (Files.isDirectory(tenant)) {
          verifier.verifyTenant(tenant);
        }
      }
    }
    return new DataDirectoryReport(
        verifier.files, verifier.bytes, verifier.problems, verifier.notes);
  }

  private void verifyTenant(Path tenant) throws IOException {
    Path manifestFile = tenant.resolve(Manifest.FILE);
    Manifest manifest = Manifest.empty();
    if (Files.exists(manifestFile)) {
      count(manifestFile);
      try {
        manifest = Manifest.read(tenant);
      } catch (RuntimeException e) {
        problems.add(new Finding(manifestFile, describe(e)));
        manifest = null;
      }
    }
    verifyWal(tenant.resolve("wal"));
    Path blocks = tenant.resolve("blocks");
    Set<String> named = new HashSet<>();
    if (manifest != null) {
      for (String name : manifest.blocks()) {
        named.add(name);
        Path block = blocks.resolve(name);
        if (Files.exists(block)) {
          verifyBlock(block);
        } else {
          problems.add(new Finding(block, "named in the manifest but missing; its spans are lost"));
        }
      }
    }
    if (Files.isDirectory(blocks)) {
      for (Path file : list(blocks)) {
        if (manifest == null) {
          verifyBlock(file);
        } else if (!named.contains(file.getFileName().toString())) {
          notes.add(
              new Finding(
                  file,
                  "not in the manifest (a cut or merge that crashed); the next start deletes it"));
        }
      }
    }
    Path quarantine = tenant.resolve("quarantine");
    if (Files.isDirectory(quarantine)) {
      for (Path file : list(quarantine)) {
        notes.add(new Finding(file, "quarantined earlier; not served"));
      }
    }
  }

  private void verifyWal(Path wal) throws IOException {
    for (long id : WalSegments.list(wal)) {
      Path segment = WalSegments.path(wal, id);
      count(segment);
      WalSegmentVerifier.Result result = WalSegmentVerifier.verify(segment);
      if (!result.problem().isEmpty()) {
        problems.add(new Finding(segment, result.problem()));
        continue;
      }
      if (result.repairedHeaders() > 0) {
        notes.add(
            new Finding(
                segment,
                result.repairedHeaders()
                    + (result.repairedHeaders() == 1 ? " record header" : " record headers")
                    + " damaged, but each payload passes its own checksum: intact, and replayed in"
                    + " full"));
      }
      for (WalDamage damage : result.damages()) {
        if (damage.kind() == WalDamage.Kind.TORN_TAIL) {
          // A write stopped part-way: the segment being appended to when the process died, or
          // one the writer abandoned after a failed write (a full disk) before going on in the
          // next segment. Its future failed, so nobody was answered.
          notes.add(
              new Finding(segment, "torn tail: " + damage.describe() + "; the next start cuts it"));
        } else {
          problems.add(
              new Finding(
                  segment,
                  "damaged: "
                      + damage.describe()
                      + "; "
                      + result.records()
                      + " valid records in the segment are replayed, the next start keeps a copy"
                      + " in quarantine/"));
        }
      }
    }
  }

  /**
   * Problems are what the store would refuse: corruption (it quarantines the block at startup), a
   * read error, or rows that do not decode although their checksums pass (a bug: the store keeps
   * the block and fails the reads that need those rows). Row counts are checked when the block
   * opens, against the footer.
   */
  private void verifyBlock(Path file) throws IOException {
    Block block;
    try {
      count(file);
      block = Block.open(file);
    } catch (CorruptBlockException e) {
      problems.add(new Finding(file, describe(e)));
      return;
    } catch (NoSuchFileException e) {
      notes.add(
          new Finding(file, "deleted while checking (a running server merged or dropped it)"));
      return;
    } catch (IOException e) {
      problems.add(new Finding(file, unreadable(e)));
      return;
    }
    try {
      for (int g = 0; g < block.rowGroupCount(); g++) {
        RowGroup group = block.rowGroup(g);
        group.spans(0, group.rowCount());
      }
    } catch (StoreReadException e) {
      // A read exception carries its I/O error as the cause; were one ever without, it names
      // itself.
      Throwable cause = e.getCause();
      problems.add(new Finding(file, unreadable(cause != null ? cause : e)));
    } catch (RuntimeException e) {
      problems.add(new Finding(file, describe(BlockFailures.named(block, e))));
    } finally {
      block.release();
    }
  }

  /** The exception's message, or the exception itself (its class) when it carries none. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message != null ? message : e.toString();
  }

  private static String unreadable(Throwable cause) {
    return "could not be read ("
        + cause
        + "): an I/O error, not corruption; the server keeps the block and fails the reads that"
        + " need it. Check the disk and run check again";
  }

  private void count(Path file) throws IOException {
    files++;
    bytes += Files.size(file);
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.sorted().toList();
    }
  }
}
