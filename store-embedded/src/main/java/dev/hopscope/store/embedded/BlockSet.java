package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import dev.hopscope.store.embedded.internal.wal.Fsync;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's live blocks and the manifest that names them. Every change (a cut, a merge, retention,
 * a quarantine) writes the new manifest first and only then changes what readers see, all under one
 * lock; files leave the disk only after the manifest no longer names them.
 */
final class BlockSet implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BlockSet.class.getName());

  private final String tenant;
  private final Path directory;
  private final Path blockDirectory;
  private final Path quarantineDirectory;
  private final AtomicLong quarantined = new AtomicLong();
  private final Object lock = new Object();
  private Manifest manifest;
  private List<Block> blocks = List.of();

  private BlockSet(String tenant, Path directory) throws IOException {
    this.tenant = tenant;
    this.directory = directory;
    this.blockDirectory = directory.resolve("blocks");
    this.quarantineDirectory = directory.resolve("quarantine");
    Files.createDirectories(blockDirectory);
    Files.createDirectories(quarantineDirectory);
    try (Stream<Path> files = Files.list(quarantineDirectory)) {
      // Damaged WAL segments are copied here too (WalReplay); they are not blocks.
      quarantined.set(files.filter(f -> !f.toString().endsWith(".damaged")).count());
    }
    manifest = Manifest.read(directory);
  }

  /** Opens the manifest's blocks, quarantines bad ones and deletes files no manifest names. */
  static BlockSet open(String tenant, Path directory) throws IOException {
    BlockSet set = new BlockSet(tenant, directory);
    set.openBlocks();
    return set;
  }

  private void openBlocks() throws IOException {
    List<Block> opened = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (String file : manifest.blocks()) {
      Path path = blockDirectory.resolve(file);
      try {
        opened.add(Block.open(path));
        kept.add(file);
      } catch (CorruptBlockException e) {
        moveToQuarantine(path, e);
      } catch (NoSuchFileException e) {
        LOG.log(
            Level.ERROR,
            "tenant {0}: block {1} is in the manifest but missing; its spans are lost",
            tenant,
            path);
      }
    }
    Set<String> live = new HashSet<>(kept);
    try (Stream<Path> files = Files.list(blockDirectory)) {
      for (Path file : files.toList()) {
        if (!live.contains(file.getFileName().toString())) {
          // Written by a cut or a merge that crashed before the manifest named it: its spans are
          // still in the WAL or in the blocks it was merged from.
          Files.deleteIfExists(file);
          LOG.log(Level.INFO, "tenant {0}: deleted unreferenced block file {1}", tenant, file);
        }
      }
    }
    blocks = List.copyOf(opened);
    if (kept.size() != manifest.blocks().size()) {
      manifest = manifest.withBlocks(kept, manifest.walCheckpoint(), manifest.nextBlockId());
      manifest.write(directory);
    }
  }

  Path blockDirectory() {
    return blockDirectory;
  }

  long walCheckpoint() {
    synchronized (lock) {
      return manifest.walCheckpoint();
    }
  }

  /** Reserves the id of a new block file; the next manifest written records the reservation. */
  String reserveFileName() {
    synchronized (lock) {
      long id = manifest.nextBlockId();
      manifest = manifest.withBlocks(manifest.blocks(), manifest.walCheckpoint(), id + 1);
      return BlockFiles.name(id);
    }
  }

  List<Block> live() {
    synchronized (lock) {
      return blocks;
    }
  }

  /** The head (as the supplier gives it) and the live blocks, each acquired for the reader. */
  Snapshot snapshot(Supplier<List<HeadGeneration>> head, ReadPool reads) {
    synchronized (lock) {
      List<Block> held = new ArrayList<>(blocks.size());
      for (Block block : blocks) {
        if (block.acquire()) {
          held.add(block);
        }
      }
      return new Snapshot(head.get(), held, reads);
    }
  }

  /**
   * Adds a cut block (or none), advances the WAL checkpoint and runs {@code underLock} (dropping
   * the cut head generations) before any reader can see the new set.
   */
  void addCut(@Nullable Block block, long checkpoint, Runnable underLock) throws IOException {
    Fsync.directory(blockDirectory);
    synchronized (lock) {
      List<String> names = new ArrayList<>(manifest.blocks());
      List<Block> next = new ArrayList<>(blocks);
      if (block != null) {
        names.add(block.file().getFileName().toString());
        next.add(block);
      }
      Manifest written = manifest.withBlocks(names, checkpoint, manifest.nextBlockId());
      written.write(directory);
      manifest = written;
      blocks = List.copyOf(next);
      underLock.run();
    }
  }

  /** Swaps blocks atomically, then deletes the old files; returns how many were still live. */
  int replace(List<Block> old, List<Block> added) throws IOException {
    if (!added.isEmpty()) {
      Fsync.directory(blockDirectory);
    }
    Set<Block> removed = new HashSet<>(old);
    List<Block> retired = new ArrayList<>();
    synchronized (lock) {
      List<String> names = new ArrayList<>();
      List<Block> next = new ArrayList<>();
      for (Block block : blocks) {
        if (removed.contains(block)) {
          retired.add(block);
        } else {
          next.add(block);
          names.add(block.file().getFileName().toString());
        }
      }
      for (Block block : added) {
        next.add(block);
        names.add(block.file().getFileName().toString());
      }
      Manifest written =
          manifest.withBlocks(names, manifest.walCheckpoint(), manifest.nextBlockId());
      written.write(directory);
      manifest = written;
      blocks = List.copyOf(next);
    }
    // Only blocks still live are retired here: a quarantine may have taken one meanwhile.
    for (Block block : retired) {
      try {
        Files.deleteIfExists(block.file());
      } catch (IOException e) {
        LOG.log(
            Level.WARNING,
            "tenant {0}: could not delete retired block {1}: {2}",
            tenant,
            block.file(),
            e.getMessage());
      }
      // Readers holding it keep reading the unlinked file until they release it.
      block.release();
    }
    return retired.size();
  }

  void quarantine(CorruptBlockException problem) {
    for (Block block : live()) {
      if (block.file().equals(problem.file())) {
        quarantine(block, problem);
      }
    }
  }

  void quarantine(Block block, CorruptBlockException problem) {
    synchronized (lock) {
      if (!blocks.contains(block)) {
        return;
      }
      List<Block> next = new ArrayList<>(blocks);
      next.remove(block);
      List<String> names = new ArrayList<>(manifest.blocks());
      names.remove(block.file().getFileName().toString());
      Manifest written =
          manifest.withBlocks(names, manifest.walCheckpoint(), manifest.nextBlockId());
      written.write(directory);
      manifest = written;
      blocks = List.copyOf(next);
    }
    moveToQuarantine(block.file(), problem);
    block.release();
  }

  private void moveToQuarantine(Path file, CorruptBlockException problem) {
    Path target = quarantineDirectory.resolve(file.getFileName());
    try {
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      Fsync.directory(quarantineDirectory);
      // Every block of the set lives in blockDirectory (opened from it, or cut and merged into it).
      Fsync.directory(blockDirectory);
    } catch (IOException e) {
      LOG.log(
          Level.ERROR,
          "tenant {0}: could not move corrupt block {1} aside: {2}",
          tenant,
          file,
          e.getMessage());
    }
    quarantined.incrementAndGet();
    LOG.log(
        Level.ERROR,
        "tenant {0}: quarantined corrupt block {1} to {2} ({3}); its spans are no longer served,"
            + " everything else is",
        tenant,
        file,
        target,
        problem.getMessage());
  }

  long quarantined() {
    return quarantined.get();
  }

  @Override
  public void close() {
    synchronized (lock) {
      for (Block block : blocks) {
        block.release();
      }
      blocks = List.of();
    }
  }
}
