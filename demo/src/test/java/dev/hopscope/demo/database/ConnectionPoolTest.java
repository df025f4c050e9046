package dev.hopscope.demo.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
  private final ConnectionPool pool = new ConnectionPool(h2(), 2, Duration.ofMillis(100));
  private final CountDownLatch borrowed = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() throws SQLException {
    release.countDown();
    pool.close();
  }

  @Test
  void shrinkingLeavesFewerConnectionsToBorrow() throws Exception {
    holdOneConnection();
    pool.resize(1);

    assertThatThrownBy(() -> pool.withConnection(connection -> 1))
        .isInstanceOf(SQLException.class)
        .hasMessage(
            "no database connection free within 100ms: all 1 are busy; raise the pool size");
  }

  @Test
  void growingFreesSlotsAtOnce() throws Exception {
    holdOneConnection();
    pool.resize(1);
    pool.resize(3);

    boolean valid = pool.withConnection(connection -> connection.isValid(1));
    assertThat(valid).isTrue();
    assertThat(pool.size()).isEqualTo(3);
  }

  @Test
  void rejectsSizesOutsideTheRange() {
    assertThatThrownBy(() -> pool.resize(0))
        .hasMessage("pool size must be between 1 and 64, got 0");
  }

  private void holdOneConnection() throws InterruptedException {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                pool.withConnection(
                    connection -> {
                      borrowed.countDown();
                      awaitRelease();
                      return null;
                    });
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    borrowed.await();
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JdbcDataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:pool-test");
    return dataSource;
  }
}
