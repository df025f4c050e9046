package dev.hopscope.demo.webapp;

import dev.hopscope.demo.database.ConnectionPool;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the catalogue with the query from our docs, {@code SELECT * FROM products}. */
final class ProductRepository {
  static final String QUERY = "SELECT * FROM products";

  private final ConnectionPool pool;

  ProductRepository(ConnectionPool pool) {
    this.pool = pool;
  }

  List<Product> all() throws SQLException, InterruptedException {
    return pool.withConnection(
        connection -> {
          List<Product> products = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(QUERY)) {
            while (rows.next()) {
              products.add(
                  new Product(
                      rows.getInt("id"), rows.getString("name"), rows.getInt("price_cents")));
            }
          }
          return products;
        });
  }

  record Product(int id, String name, int priceCents) {
    String toJson() {
      // Names come from our own seed data: no characters that need escaping.
      return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"priceCents\":" + priceCents + "}";
    }
  }
}
