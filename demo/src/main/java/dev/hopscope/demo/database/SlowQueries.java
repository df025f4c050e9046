package dev.hopscope.demo.database;

import dev.hopscope.demo.time.NanoClock;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.h2.api.Trigger;

/**
 * The "slow SQL" fault: a {@code BEFORE SELECT} trigger on {@code products} that holds each query
 * for the configured time inside the database process, so webapp's {@code SELECT * FROM products}
 * span grows while nothing else changes. Set at run time with {@code CALL SET_QUERY_DELAY(ms)} over
 * JDBC (the fault service does this).
 */
public final class SlowQueries {
  /** Read by query threads, written by the SQL alias; volatile is all the ordering needed. */
  private static volatile long delayMillis;

  private SlowQueries() {}

  /** Bound to the SQL function {@code SET_QUERY_DELAY}; returns the new delay. */
  public static long setDelayMillis(long millis) {
    if (millis < 0 || millis > 30_000) {
      throw new IllegalArgumentException("query delay must be 0..30000 ms, got " + millis);
    }
    delayMillis = millis;
    return millis;
  }

  static String createSql() {
    return "CREATE TRIGGER slow_products BEFORE SELECT ON products CALL \""
        + DelayTrigger.class.getName()
        + "\"";
  }

  static String aliasSql() {
    return "CREATE ALIAS SET_QUERY_DELAY FOR \""
        + SlowQueries.class.getName()
        + ".setDelayMillis\"";
  }

  /** H2 instantiates this by name, so it must be public with a public no-argument constructor. */
  public static final class DelayTrigger implements Trigger {
    public DelayTrigger() {}

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
      long delay = delayMillis;
      if (delay == 0) {
        return;
      }
      NanoClock clock = NanoClock.system();
      try {
        clock.parkUntil(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
