package dev.hopscope.query;

import static dev.hopscope.query.Shop.CHECKOUT;
import static dev.hopscope.query.Shop.ORPHAN;
import static dev.hopscope.query.Shop.PAYMENT;
import static dev.hopscope.query.Shop.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.store.memory.InMemoryTraceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Spanset filters over the real in-memory store: every intrinsic, attribute form and operator. */
class FilterExecutionTest {
  private static final InMemoryTraceStore STORE = Shop.store();
  private static final EngineFixture SHOP = new EngineFixture(STORE);

  @AfterAll
  static void close() {
    STORE.close();
  }

  @Test
  void emptyFilterMatchesEveryTraceNewestFirst() {
    assertThat(SHOP.traces("{}")).containsExactly(ORPHAN, PAYMENT, PRODUCTS, CHECKOUT);
  }

  @Test
  void name() {
    assertThat(SHOP.spans("{ name = \"render\" }")).containsExactly("render");
    assertThat(SHOP.traces("{ name != \"render\" }"))
        .containsExactly(ORPHAN, PAYMENT, PRODUCTS, CHECKOUT);
  }

  @Test
  void status() {
    assertThat(SHOP.spans("{ status = error }"))
        .containsExactly("GET /products", "SELECT products");
    assertThat(SHOP.spans("{ status = ok }")).containsExactly("cache get", "GET /checkout");
    assertThat(SHOP.traces("{ status = unset }")).containsExactly(ORPHAN, PAYMENT, CHECKOUT);
    assertThat(SHOP.traces("{ status != unset }")).containsExactly(PRODUCTS, CHECKOUT);
  }

  @Test
  void statusMessage() {
    assertThat(SHOP.spans("{ statusMessage = \"connection refused\" }"))
        .containsExactly("SELECT products");
    assertThat(SHOP.spans("{ statusMessage =~ \"b.*\" }")).containsExactly("GET /products");
  }

  @Test
  void everyKind() {
    assertThat(SHOP.spans("{ kind = server }"))
        .containsExactly("GET /products", "GET /checkout", "ValidateToken");
    assertThat(SHOP.spans("{ kind = client }"))
        .containsExactly("SELECT products", "cache get", "POST auth", "SELECT users");
    assertThat(SHOP.spans("{ kind = producer }")).containsExactly("charge");
    assertThat(SHOP.spans("{ kind = consumer }")).containsExactly("process charge");
    assertThat(SHOP.spans("{ kind = internal }")).containsExactly("render");
    assertThat(SHOP.spans("{ kind = unspecified }")).containsExactly("orphan");
  }

  @Test
  void durationComparesExactlyAtTheBoundary() {
    assertThat(SHOP.spans("{ duration > 1s }")).containsExactly("process charge");
    assertThat(SHOP.spans("{ duration >= 1s }")).containsExactly("process charge", "GET /checkout");
    assertThat(SHOP.spans("{ duration < 10ms }")).containsExactly("cache get");
    assertThat(SHOP.spans("{ duration <= 10ms }")).containsExactly("orphan", "cache get");
    assertThat(SHOP.spans("{ duration = 50ms }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ span:duration = 0.05s }")).containsExactly("SELECT products");
  }

  @Test
  void traceLevelIntrinsicsHoldForEverySpanOfTheTrace() {
    assertThat(SHOP.spans("{ rootName = \"GET /checkout\" }")).hasSize(5);
    assertThat(SHOP.traces("{ rootName = \"orphan\" }")).containsExactly(ORPHAN);
    assertThat(SHOP.spans("{ rootServiceName = \"payments\" }"))
        .containsExactly("charge", "process charge");
    assertThat(SHOP.traces("{ traceDuration > 2s }")).containsExactly(PAYMENT);
    assertThat(SHOP.traces("{ trace:duration >= 1s }")).containsExactly(PAYMENT, CHECKOUT);
  }

  @Test
  void ids() {
    assertThat(SHOP.traces("{ trace:id = \"00000000000000000000000000000003\" }"))
        .containsExactly(PAYMENT);
    assertThat(SHOP.spans("{ span:id = \"0000000000000003\" }"))
        .containsExactly("cache get", "ValidateToken");
    assertThat(SHOP.spans("{ span:parentID = \"0000000000000063\" }")).containsExactly("orphan");
  }

  @Test
  void instrumentationScope() {
    assertThat(SHOP.spans("{ instrumentation:name = \"io.opentelemetry.kafka\" }"))
        .containsExactly("process charge");
    assertThat(SHOP.spans("{ instrumentation:version = \"2.31.1\" }"))
        .containsExactly("process charge");
    assertThat(SHOP.spans("{ instrumentation.messaging = \"kafka\" }"))
        .containsExactly("process charge");
  }

  @Test
  void eventFieldsMatchWhenSomeEventMatches() {
    assertThat(SHOP.spans("{ event:name = \"exception\" }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ event.exception.message =~ \".*refused\" }"))
        .containsExactly("SELECT products");
    // Both conditions must hold for the same event: the retry event has no exception.type.
    assertThat(SHOP.spans("{ event:name = \"retry\" && event.exception.type != nil }")).isEmpty();
    assertThat(SHOP.spans("{ event:name = \"exception\" && event:timeSinceStart > 40ms }"))
        .containsExactly("SELECT products");
    assertThat(SHOP.spans("{ event:timeSinceStart < 5ms }")).isEmpty();
    assertThat(SHOP.spans("{ !(event:name != nil) && rootName = \"GET /products\" }"))
        .containsExactly("GET /products", "cache get");
  }

  @Test
  void linkFieldsMatchWhenSomeLinkMatches() {
    assertThat(SHOP.spans("{ link:traceID = \"00000000000000000000000000000001\" }"))
        .containsExactly("process charge");
    assertThat(
            SHOP.spans(
                "{ link:spanID = \"0000000000000001\" && link.opentracing.ref_type"
                    + " = \"follows_from\" }"))
        .containsExactly("process charge");
    assertThat(SHOP.spans("{ link.opentracing.ref_type = \"child_of\" }")).isEmpty();
  }

  @Test
  void childCount() {
    assertThat(SHOP.spans("{ span:childCount = 2 }"))
        .containsExactly("GET /products", "GET /checkout");
    assertThat(SHOP.spans("{ span:childCount = 0 && rootName = \"GET /checkout\" }"))
        .containsExactly("SELECT users", "render");
  }

  @Test
  void scopedAttributes() {
    assertThat(SHOP.spans("{ span.http.method = \"POST\" }")).containsExactly("POST auth");
    assertThat(SHOP.spans("{ resource.http.method = \"POST\" }")).isEmpty();
    assertThat(SHOP.spans("{ resource.service.name = \"auth\" }"))
        .containsExactly("ValidateToken", "SELECT users");
    assertThat(SHOP.spans("{ span.\"foo bar\" = \"baz\" }")).containsExactly("charge");
  }

  @Test
  void unscopedAttributeReadsTheSpanBeforeTheResource() {
    assertThat(SHOP.spans("{ .env = \"canary\" }")).containsExactly("ValidateToken");
    assertThat(SHOP.spans("{ .env = \"prod\" }")).containsExactly("SELECT users");
    assertThat(SHOP.spans("{ resource.env = \"prod\" }"))
        .containsExactly("ValidateToken", "SELECT users");
    assertThat(SHOP.traces("{ .db.system = \"postgresql\" }")).containsExactly(PRODUCTS, CHECKOUT);
  }

  @Test
  void numbersCompareAcrossIntAndFloat() {
    assertThat(SHOP.spans("{ .retries = 3.0 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ .ratio > 0.25 && .ratio <= 1 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ .http.status_code >= 200 && .http.status_code < 300 }"))
        .containsExactly("POST auth");
  }

  @Test
  void mismatchedTypesAndMissingAttributesNeverMatch() {
    assertThat(SHOP.spans("{ .retries = \"3\" }")).isEmpty();
    assertThat(SHOP.spans("{ .retries != \"3\" }")).isEmpty();
    assertThat(SHOP.spans("{ .user.tier != \"gold\" }")).isEmpty();
    assertThat(SHOP.spans("{ !(.user.tier = \"gold\") && resource.service.name = \"auth\" }"))
        .containsExactly("SELECT users");
  }

  @Test
  void nil() {
    assertThat(SHOP.spans("{ .user.tier != nil }")).containsExactly("ValidateToken");
    assertThat(SHOP.spans("{ .user.tier = nil && rootName = \"GET /checkout\" }"))
        .containsExactly("GET /checkout", "POST auth", "SELECT users", "render");
    // Tempo folds both to false.
    assertThat(SHOP.spans("{ nil = nil || name = \"orphan\" }")).containsExactly("orphan");
    assertThat(SHOP.spans("{ nil != nil || name = \"orphan\" }")).containsExactly("orphan");
    // != nil on an intrinsic: present on every span, except a root's parent id.
    assertThat(SHOP.traces("{ name != nil }")).containsExactly(ORPHAN, PAYMENT, PRODUCTS, CHECKOUT);
    assertThat(SHOP.spans("{ !(span:parentID != nil) }"))
        .containsExactly("charge", "GET /products", "GET /checkout");
    assertThat(SHOP.spans("{ event:name != nil }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ .retries + 1 != nil }")).containsExactly("SELECT products");
  }

  @Test
  void booleans() {
    assertThat(SHOP.spans("{ .cache.hit = true }")).containsExactly("cache get");
    assertThat(SHOP.spans("{ .cache.hit }")).containsExactly("cache get");
    assertThat(SHOP.spans("{ !.cache.hit }")).isEmpty();
    assertThat(SHOP.spans("{ .cache.hit != false }")).containsExactly("cache get");
  }

  @Test
  void arraysMatchByElement() {
    assertThat(SHOP.spans("{ .tags = \"a\" }")).containsExactly("charge");
    assertThat(SHOP.spans("{ .tags != nil }")).containsExactly("charge");
    assertThat(SHOP.spans("{ .tags != \"a\" }")).isEmpty();
  }

  @Test
  void regexesAreAnchored() {
    assertThat(SHOP.spans("{ name =~ \"GET\" }")).isEmpty();
    assertThat(SHOP.spans("{ name =~ \"GET.*\" }"))
        .containsExactly("GET /products", "GET /checkout");
    assertThat(SHOP.spans("{ name !~ \"GET.*\" && kind = server }"))
        .containsExactly("ValidateToken");
  }

  @Test
  void orderingComparisons() {
    assertThat(SHOP.spans("{ .retries > 2 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ .retries >= 3 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ .retries < 3 }")).isEmpty();
    assertThat(SHOP.spans("{ .retries <= 3 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ name < \"GET /z\" && name > \"GET /a\" }"))
        .containsExactly("GET /products", "GET /checkout");
  }

  @Test
  void arithmetic() {
    assertThat(SHOP.spans("{ duration * 2 > 3s }")).containsExactly("process charge");
    assertThat(SHOP.spans("{ .retries + 1 = 4 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ -.retries < 0 }")).containsExactly("SELECT products");
    assertThat(SHOP.spans("{ .retries % 2 = 1 && .retries ^ 2 = 9 }"))
        .containsExactly("SELECT products");
    assertThat(SHOP.spans("{ duration > 100ms / 2 && duration < 2 * 100ms }"))
        .containsExactly("SELECT users");
  }

  @Test
  void logic() {
    assertThat(SHOP.traces("{ name = \"render\" || name = \"charge\" }"))
        .containsExactly(PAYMENT, CHECKOUT);
    assertThat(
            SHOP.spans("{ !(kind = client) && resource.service.name = \"webapp\" && status = ok }"))
        .containsExactly("GET /checkout");
    // && and || share a level and group left to right, as in Tempo.
    assertThat(SHOP.spans("{ name = \"render\" || name = \"orphan\" && kind = internal }"))
        .containsExactly("render");
  }
}
