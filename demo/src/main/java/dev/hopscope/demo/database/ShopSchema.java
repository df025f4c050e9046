package dev.hopscope.demo.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Schema and seed data of the shop: products to list and the bearer tokens of the demo users. */
public final class ShopSchema {
  /** Demo users: token, user, tier. The load generator sends these tokens. */
  public static final List<DemoUser> USERS =
      List.of(
          new DemoUser("tok-alice", "alice", "gold"),
          new DemoUser("tok-bob", "bob", "silver"),
          new DemoUser("tok-carol", "carol", "free"),
          new DemoUser("tok-dave", "dave", "free"),
          new DemoUser("tok-erin", "erin", "gold"),
          new DemoUser("tok-frank", "frank", "silver"));

  private static final List<String> PRODUCTS =
      List.of("trail shoes", "rain jacket", "head torch", "water bottle", "map case", "compass");

  private ShopSchema() {}

  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
              + " price_cents INT NOT NULL)");
      statement.execute(
          "CREATE TABLE tokens (token VARCHAR(64) PRIMARY KEY, user_name VARCHAR(64) NOT NULL,"
              + " tier VARCHAR(16) NOT NULL)");
      statement.execute(SlowQueries.createSql());
      statement.execute(SlowQueries.aliasSql());
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO products VALUES (?, ?, ?)")) {
      for (int i = 0; i < PRODUCTS.size(); i++) {
        insert.setInt(1, i + 1);
        insert.setString(2, PRODUCTS.get(i));
        insert.setInt(3, 1500 + 750 * i);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO tokens VALUES (?, ?, ?)")) {
      for (DemoUser user : USERS) {
        insert.setString(1, user.token());
        insert.setString(2, user.name());
        insert.setString(3, user.tier());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** A user of the demo shop and the bearer token that authenticates them. */
  public record DemoUser(String token, String name, String tier) {}
}
