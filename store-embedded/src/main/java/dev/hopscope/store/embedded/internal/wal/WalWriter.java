package dev.hopscope.store.embedded.internal.wal;

import dev.hopscope.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Appends records to the current segment on one thread, in group commits: every record queued while
 * the previous {@code force} ran is written and forced together, and only then are their futures
 * completed. Records are framed as {@link WalRecordFormat} describes.
 *
 * <p>A failed write or force (a full disk, an I/O error) fails its records and leaves the segment's
 * tail in an unknown state, so nothing more is written to that segment. The next group to commit
 * first starts a fresh segment: while that fails too (the disk is still full) each group fails
 * fast; once it succeeds, writing resumes without a restart. Replay reads every segment and cuts
 * each one's torn tail, so records acknowledged before and after the failure all come back.
 */
public final class WalWriter implements AutoCloseable {
  /** Called on the writer thread once a record is durable, before its future completes. */
  public interface DurableListener {
    void onDurable(long segmentId, Object attachment);
  }

  /** Opens a segment file for writing; tests substitute one that fails like a full disk. */
  interface SegmentOpener {
    FileChannel open(Path file) throws IOException;
  }

  private static final SegmentOpener FILES =
      file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private static final int MAX_GROUP = 1024;
  private static final long ROTATE_BYTES = 256L << 20;

  private final Path directory;
  private final boolean fsync;
  private final DurableListener listener;
  private final SegmentOpener opener;
  private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(4096);
  private final Thread thread;
  private FileChannel channel;
  private long segmentId;
  private long segmentBytes;
  private volatile boolean closed;
  private volatile @Nullable Throwable failure;

  private sealed interface Op {}

  private record Append(byte[] payload, int spans, Object attachment, CompletableFuture<Long> done)
      implements Op {}

  private record Rotate(CompletableFuture<Long> done) implements Op {}

  private record Stop(CompletableFuture<Long> done) implements Op {}

  public WalWriter(
      Path directory, long firstSegmentId, boolean fsync, DurableListener listener, String name)
      throws IOException {
    this(directory, firstSegmentId, fsync, listener, name, FILES);
  }

  WalWriter(
      Path directory,
      long firstSegmentId,
      boolean fsync,
      DurableListener listener,
      String name,
      SegmentOpener opener)
      throws IOException {
    this.directory = directory;
    this.fsync = fsync;
    this.listener = listener;
    this.opener = opener;
    openSegment(firstSegmentId);
    this.thread = Thread.ofPlatform().daemon().name("hopscope-wal-" + name).start(this::run);
  }

  private void openSegment(long id) throws IOException {
    Path file = WalSegments.path(directory, id);
    FileChannel opened = opener.open(file);
    try {
      ByteBuffer header = ByteBuffer.allocate(WalSegments.HEADER_BYTES);
      header.put(WalSegments.MAGIC).putInt(WalSegments.FORMAT_VERSION).flip();
      while (header.hasRemaining()) {
        opened.write(header);
      }
      // The new file's directory entry must be durable too, or a crash could lose the segment.
      opened.force(true);
      Fsync.directory(directory);
    } catch (IOException | RuntimeException e) {
      // A half-made segment holds no record; removing it lets the next attempt reuse the id.
      closeQuietly(opened);
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // Replay skips a segment whose header is incomplete.
      }
      throw e;
    }
    segmentId = id;
    channel = opened;
    segmentBytes = WalSegments.HEADER_BYTES;
  }

  /**
   * After a failed write: abandon the segment (its tail is unknown) and start the next one. Returns
   * null when writing can go on, else the new failure, left in place for the next group to retry.
   */
  private @Nullable Throwable recover() {
    closeQuietly(channel);
    // Normally segmentId + 1; past a half-made file an earlier attempt could not delete.
    long next = segmentId + 1;
    while (Files.exists(WalSegments.path(directory, next))) {
      next++;
    }
    try {
      openSegment(next);
    } catch (IOException | RuntimeException e) {
      failure = e;
      return e;
    }
    failure = null;
    return null;
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException | RuntimeException ignored) {
      // Nothing more will be written through it.
    }
  }

  /**
   * Queues a record of {@code spans} spans (kept in its header, so damage can say what it cost);
   * the future completes with its segment id once durable.
   */
  public CompletableFuture<Long> append(byte[] payload, int spans, Object attachment) {
    return enqueue(new Append(payload, spans, attachment, new CompletableFuture<>()));
  }

  /**
   * Closes the current segment and starts the next. Completes with the closed segment's id after
   * every record queued before it is durable and handed to the listener.
   */
  public CompletableFuture<Long> rotate() {
    return enqueue(new Rotate(new CompletableFuture<>()));
  }

  private CompletableFuture<Long> enqueue(Op op) {
    CompletableFuture<Long> done = done(op);
    if (closed) {
      done.completeExceptionally(new StoreException("the write-ahead log is closed"));
      return done;
    }
    try {
      // Blocks when 4096 records are queued: backpressure on the receivers, memory stays bounded.
      queue.put(op);
      // A close() that raced with this put may already have drained the queue for the last time.
      if (closed && queue.remove(op)) {
        done.completeExceptionally(new StoreException("the write-ahead log is closed"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(new StoreException("interrupted while queueing a WAL record", e));
    }
    return done;
  }

  private static CompletableFuture<Long> done(Op op) {
    return switch (op) {
      case Append append -> append.done();
      case Rotate rotate -> rotate.done();
      case Stop stop -> stop.done();
    };
  }

  private void run() {
    List<Op> group = new ArrayList<>(MAX_GROUP);
    CRC32C crc = new CRC32C();
    while (true) {
      group.clear();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        continue;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      int from = 0;
      for (int i = 0; i <= group.size(); i++) {
        boolean barrier = i < group.size() && !(group.get(i) instanceof Append);
        if (i == group.size() || barrier) {
          commit(group.subList(from, i), crc);
          if (barrier && barrierOp(group.get(i))) {
            for (Op left : group.subList(i + 1, group.size())) {
              done(left).completeExceptionally(new StoreException("the write-ahead log is closed"));
            }
            failPending();
            return;
          }
          from = i + 1;
        }
      }
    }
  }

  /** Writes and forces a run of appends, then completes them. */
  private void commit(List<Op> appends, CRC32C crc) {
    if (appends.isEmpty()) {
      return;
    }
    if (failure != null) {
      Throwable stillFailing = recover();
      if (stillFailing != null) {
        fail(appends, stillFailing);
        return;
      }
    }
    try {
      int total = 0;
      for (Op op : appends) {
        total += WalRecordFormat.HEADER_BYTES + ((Append) op).payload().length;
      }
      ByteBuffer buffer = ByteBuffer.allocate(total);
      for (Op op : appends) {
        Append append = (Append) op;
        WalRecordFormat.writeHeader(buffer, append.payload(), append.spans(), crc);
        buffer.put(append.payload());
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (fsync) {
        channel.force(false);
      }
      segmentBytes += total;
    } catch (IOException | RuntimeException e) {
      // The segment's tail is now unknown: the next group starts a new segment (recover()).
      failure = e;
      fail(appends, e);
      return;
    }
    for (Op op : appends) {
      Append append = (Append) op;
      try {
        listener.onDurable(segmentId, append.attachment());
        append.done().complete(segmentId);
      } catch (RuntimeException e) {
        append.done().completeExceptionally(e);
      }
    }
    if (segmentBytes >= ROTATE_BYTES) {
      rotateNow();
    }
  }

  private void fail(List<Op> appends, Throwable cause) {
    for (Op op : appends) {
      done(op)
          .completeExceptionally(
              new StoreException(
                  "could not make spans durable in the write-ahead log in "
                      + directory
                      + ": "
                      + cause.getMessage(),
                  cause));
    }
  }

  private void rotateNow() {
    try {
      channel.force(true);
      channel.close();
      openSegment(segmentId + 1);
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Runs a rotate or stop; returns true when the writer should stop. */
  private boolean barrierOp(Op op) {
    long closedSegment = segmentId;
    if (op instanceof Rotate rotate) {
      rotateNow();
      if (failure != null) {
        rotate
            .done()
            .completeExceptionally(
                new StoreException("could not rotate the write-ahead log", failure));
      } else {
        rotate.done().complete(closedSegment);
      }
      return false;
    }
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      failure = e;
    }
    done(op).complete(closedSegment);
    return true;
  }

  private void failPending() {
    List<Op> left = new ArrayList<>();
    queue.drainTo(left);
    for (Op op : left) {
      done(op).completeExceptionally(new StoreException("the write-ahead log is closed"));
    }
  }

  /** The last write, force or recovery that failed; null once a new segment took writes again. */
  public @Nullable Throwable failure() {
    return failure;
  }

  /** Writes what is queued, closes the segment and stops the thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    CompletableFuture<Long> stopped = new CompletableFuture<>();
    try {
      queue.put(new Stop(stopped));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopped.join();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failPending();
  }
}
