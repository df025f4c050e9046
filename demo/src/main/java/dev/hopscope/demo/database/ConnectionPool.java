package dev.hopscope.demo.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A fixed-size JDBC connection pool. Its size is a knob of the demo: a pool too small for the load
 * makes requests queue inside the service — time that shows in the server span but in no database
 * span. Connections come from {@code dataSource}, so they carry its instrumentation.
 */
public final class ConnectionPool implements AutoCloseable {
  private final DataSource dataSource;
  private final int size;
  private final Duration borrowTimeout;
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle;

  public ConnectionPool(DataSource dataSource, int size, Duration borrowTimeout) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be at least 1, got " + size);
    }
    this.dataSource = dataSource;
    this.size = size;
    this.borrowTimeout = borrowTimeout;
    this.permits = new Semaphore(size, true);
    this.idle = new ArrayBlockingQueue<>(size);
  }

  /** Runs {@code work} on a pooled connection; a connection that failed is replaced, not reused. */
  public <T> T withConnection(SqlFunction<T> work) throws SQLException, InterruptedException {
    if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new SQLException(
          "no database connection free within "
              + borrowTimeout.toMillis()
              + "ms: all "
              + size
              + " are busy; raise the pool size (--db-pool-size)");
    }
    try {
      Connection connection = idle.poll();
      if (connection == null) {
        connection = dataSource.getConnection();
      }
      try {
        T result = work.apply(connection);
        idle.add(connection);
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      connection.close();
    }
  }

  /** Work on a connection. */
  @FunctionalInterface
  public interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
  }
}
