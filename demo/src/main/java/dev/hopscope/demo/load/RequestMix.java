package dev.hopscope.demo.load;

import dev.hopscope.demo.database.ShopSchema;
import dev.hopscope.demo.database.ShopSchema.DemoUser;
import java.net.URI;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * What the simulated users ask for: mostly {@code GET /products} with their token and tier, one in
 * five {@code GET /hello}, one in twenty-five a revoked token. Seeded, so runs repeat.
 */
final class RequestMix {
  private final URI webapp;
  private final Random random;

  RequestMix(URI webapp, long seed) {
    this.webapp = webapp;
    this.random = new Random(seed);
  }

  /** The next request; called from the single pacing thread, so the generator needs no lock. */
  ShopRequest next() {
    DemoUser user = ShopSchema.USERS.get(random.nextInt(ShopSchema.USERS.size()));
    int dice = random.nextInt(100);
    if (dice < 20) {
      return new ShopRequest(webapp.resolve("/hello?name=" + user.name()), null, user.tier());
    }
    String token = dice < 24 ? "tok-revoked" : user.token();
    return new ShopRequest(webapp.resolve("/products"), token, user.tier());
  }

  /** One request of a simulated user; {@code token} is null for anonymous requests. */
  record ShopRequest(URI uri, @Nullable String token, String tier) {}
}
