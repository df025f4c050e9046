package dev.hopscope.store.embedded.wal;

import dev.hopscope.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * Appends records to the current segment on one thread, in group commits: every record queued while
 * the previous {@code force} ran is written and forced together, and only then are their futures
 * completed. Records are {@code [int length][int crc32c][payload]}.
 */
public final class WalWriter implements AutoCloseable {
  /** Called on the writer thread once a record is durable, before its future completes. */
  public interface DurableListener {
    void onDurable(long segmentId, Object attachment);
  }

  private static final int MAX_GROUP = 1024;
  private static final long ROTATE_BYTES = 256L << 20;

  private final Path directory;
  private final boolean fsync;
  private final DurableListener listener;
  private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(4096);
  private final Thread thread;
  private FileChannel channel;
  private long segmentId;
  private long segmentBytes;
  private volatile boolean closed;
  private volatile Throwable failure;

  private sealed interface Op {}

  private record Append(byte[] payload, Object attachment, CompletableFuture<Long> done)
      implements Op {}

  private record Rotate(CompletableFuture<Long> done) implements Op {}

  private record Stop(CompletableFuture<Long> done) implements Op {}

  public WalWriter(
      Path directory, long firstSegmentId, boolean fsync, DurableListener listener, String name)
      throws IOException {
    this.directory = directory;
    this.fsync = fsync;
    this.listener = listener;
    openSegment(firstSegmentId);
    this.thread = Thread.ofPlatform().daemon().name("hopscope-wal-" + name).start(this::run);
  }

  private void openSegment(long id) throws IOException {
    segmentId = id;
    channel =
        FileChannel.open(
            WalSegments.path(directory, id),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    ByteBuffer header = ByteBuffer.allocate(WalSegments.HEADER_BYTES);
    header.put(WalSegments.MAGIC).putInt(WalSegments.FORMAT_VERSION).flip();
    while (header.hasRemaining()) {
      channel.write(header);
    }
    segmentBytes = WalSegments.HEADER_BYTES;
    // The new file's directory entry must be durable too, or a crash could lose the whole segment.
    channel.force(true);
    Fsync.directory(directory);
  }

  /** Queues a record; the future completes with its segment id once durable. */
  public CompletableFuture<Long> append(byte[] payload, Object attachment) {
    return enqueue(new Append(payload, attachment, new CompletableFuture<>()));
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
    Throwable failed = failure;
    if (failed != null) {
      done.completeExceptionally(
          new StoreException("the write-ahead log failed: " + failed.getMessage(), failed));
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
    try {
      if (failure != null) {
        throw new IOException("an earlier write failed", failure);
      }
      int total = 0;
      for (Op op : appends) {
        total += 8 + ((Append) op).payload().length;
      }
      ByteBuffer buffer = ByteBuffer.allocate(total);
      for (Op op : appends) {
        byte[] payload = ((Append) op).payload();
        crc.reset();
        crc.update(payload);
        buffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
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
      // After a failed write or force the file's state is unknown: fail this and every later write.
      failure = e;
      for (Op op : appends) {
        done(op)
            .completeExceptionally(
                new StoreException(
                    "could not make spans durable in the write-ahead log in "
                        + directory
                        + ": "
                        + e.getMessage(),
                    e));
      }
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

  /** The write or force that failed, after which every write fails; null while healthy. */
  public Throwable failure() {
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
