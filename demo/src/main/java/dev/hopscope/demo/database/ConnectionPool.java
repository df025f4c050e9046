package dev.hopscope.demo.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-size JDBC connection pool whose size can change at run time. Its size is a fault of the
 * demo: a pool too small for the load makes requests queue inside the service — time that shows in
 * the server span but in no database span. Connections come from {@code dataSource}, so they carry
 * its instrumentation.
 */
public final class ConnectionPool implements AutoCloseable {
  /** A sane ceiling: the H2 server and the two cores here would not gain from more. */
  public static final int MAX_SIZE = 64;

  private final DataSource dataSource;
  private final Duration borrowTimeout;
  private final ResizableSemaphore permits;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  // Guarded by this: resizes are rare and must not interleave.
  private int size;

  public ConnectionPool(DataSource dataSource, int size, Duration borrowTimeout) {
    checkSize(size);
    this.dataSource = dataSource;
    this.size = size;
    this.borrowTimeout = borrowTimeout;
    this.permits = new ResizableSemaphore(size);
  }

  public synchronized int size() {
    return size;
  }

  /**
   * Changes how many connections may be in use at once. Shrinking takes effect as borrowed
   * connections come back; idle ones beyond the new size are closed then.
   */
  public synchronized void resize(int newSize) {
    checkSize(newSize);
    if (newSize > size) {
      permits.release(newSize - size);
    } else {
      permits.reduce(size - newSize);
    }
    size = newSize;
  }

  /** Runs {@code work} on a pooled connection; a connection that failed is replaced, not reused. */
  public <T extends @Nullable Object> T withConnection(SqlFunction<T> work)
      throws SQLException, InterruptedException {
    if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new SQLException(
          "no database connection free within "
              + borrowTimeout.toMillis()
              + "ms: all "
              + size()
              + " are busy; raise the pool size");
    }
    try {
      Connection connection = idle.poll();
      if (connection == null) {
        connection = dataSource.getConnection();
      }
      try {
        T result = work.apply(connection);
        giveBack(connection);
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } finally {
      permits.release();
    }
  }

  private void giveBack(Connection connection) throws SQLException {
    if (idle.size() < size()) {
      idle.add(connection);
    } else {
      connection.close(); // the pool shrank while this one was out
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      connection.close();
    }
  }

  private static void checkSize(int size) {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "pool size must be between 1 and " + MAX_SIZE + ", got " + size);
    }
  }

  /** Work on a connection. */
  @FunctionalInterface
  public interface SqlFunction<T extends @Nullable Object> {
    T apply(Connection connection) throws SQLException;
  }

  /** Exposes {@link Semaphore#reducePermits}, which may drive the count below zero: shrinking. */
  private static final class ResizableSemaphore extends Semaphore {
    ResizableSemaphore(int permits) {
      super(permits, true);
    }

    void reduce(int reduction) {
      reducePermits(reduction);
    }
  }
}
