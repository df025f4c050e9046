package dev.hopscope.query;

import static dev.hopscope.query.Shop.CHECKOUT;
import static dev.hopscope.query.Shop.ORPHAN;
import static dev.hopscope.query.Shop.PAYMENT;
import static dev.hopscope.query.Shop.PRODUCTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Spanset operators, structural operators and pipelines over the real in-memory store. */
class PipelineExecutionTest {
  private static final InMemoryTraceStore STORE = Shop.store();
  private static final EngineFixture SHOP = new EngineFixture(STORE);

  @AfterAll
  static void close() {
    STORE.close();
  }

  @Test
  void childReturnsTheRightHandSpansWhoseParentIsOnTheLeft() {
    assertThat(SHOP.spans("{ name = \"GET /checkout\" } > { }"))
        .containsExactly("POST auth", "render");
    assertThat(SHOP.spans("{ } > { name = \"orphan\" }")).isEmpty();
  }

  @Test
  void descendant() {
    assertThat(SHOP.spans("{ name = \"GET /checkout\" } >> { }"))
        .containsExactly("POST auth", "ValidateToken", "SELECT users", "render");
    assertThat(
            SHOP.spans(
                "{ resource.service.name = \"webapp\" } >> { resource.service.name = \"auth\""
                    + " && kind = client }"))
        .containsExactly("SELECT users");
  }

  @Test
  void parent() {
    assertThat(SHOP.spans("{ name = \"SELECT users\" } < { }")).containsExactly("ValidateToken");
    assertThat(SHOP.spans("{ kind = client } < { kind = server }"))
        .containsExactly("GET /products", "GET /checkout", "ValidateToken");
  }

  @Test
  void ancestor() {
    assertThat(SHOP.spans("{ name = \"SELECT users\" } << { }"))
        .containsExactly("GET /checkout", "POST auth", "ValidateToken");
  }

  @Test
  void siblingExcludesTheSpanItself() {
    assertThat(SHOP.spans("{ name = \"render\" } ~ { }")).containsExactly("POST auth");
    assertThat(SHOP.spans("{ kind = client } ~ { kind = client }"))
        .containsExactly("SELECT products", "cache get");
    assertThat(SHOP.spans("{ name = \"charge\" } ~ { }")).isEmpty();
  }

  @Test
  void negatedStructuralReturnsRightHandSpansOutsideTheRelation() {
    // Leaf spans: no span has them as parent.
    assertThat(SHOP.spans("{ } !< { rootName = \"GET /checkout\" }"))
        .containsExactly("SELECT users", "render");
    assertThat(SHOP.spans("{ name = \"GET /checkout\" } !> { rootName = \"GET /checkout\" }"))
        .containsExactly("GET /checkout", "ValidateToken", "SELECT users");
    assertThat(SHOP.spans("{ name = \"POST auth\" } !>> { rootName = \"GET /checkout\" }"))
        .containsExactly("GET /checkout", "POST auth", "render");
    assertThat(SHOP.spans("{ name = \"ValidateToken\" } !<< { rootName = \"GET /checkout\" }"))
        .containsExactly("ValidateToken", "SELECT users", "render");
    assertThat(SHOP.spans("{ kind = client } !~ { rootName = \"GET /products\" }"))
        .containsExactly("GET /products");
    // Nothing on the left: every right-hand span is outside the relation.
    assertThat(SHOP.spans("{ name = \"nope\" } !> { name = \"render\" }"))
        .containsExactly("render");
  }

  @Test
  void unionStructuralAlsoReturnsTheLeftHandSpansThatTakePart() {
    assertThat(SHOP.spans("{ name = \"GET /checkout\" } &> { kind = client }"))
        .containsExactly("GET /checkout", "POST auth");
    assertThat(SHOP.spans("{ status = error } &>> { status = error }"))
        .containsExactly("GET /products", "SELECT products");
    assertThat(SHOP.spans("{ name = \"SELECT users\" } &<< { kind = server }"))
        .containsExactly("GET /checkout", "ValidateToken", "SELECT users");
    assertThat(SHOP.spans("{ name = \"SELECT users\" } &< { }"))
        .containsExactly("ValidateToken", "SELECT users");
    assertThat(SHOP.spans("{ name = \"render\" } &~ { }")).containsExactly("POST auth", "render");
    assertThat(SHOP.spans("{ name = \"charge\" } &~ { }")).isEmpty();
  }

  @Test
  void spansetAndNeedsBothSidesAndKeepsBoth() {
    assertThat(SHOP.spans("{ name = \"render\" } && { name = \"POST auth\" }"))
        .containsExactly("POST auth", "render");
    assertThat(SHOP.traces("{ name = \"render\" } && { name = \"charge\" }")).isEmpty();
  }

  @Test
  void spansetOrNeedsEitherSide() {
    assertThat(SHOP.traces("{ name = \"render\" } || { name = \"charge\" }"))
        .containsExactly(PAYMENT, CHECKOUT);
    assertThat(SHOP.spans("{ name = \"render\" } || { name = \"GET /checkout\" }"))
        .containsExactly("GET /checkout", "render");
  }

  @Test
  void structuralOperatorsChainLeftToRight() {
    assertThat(SHOP.spans("{ kind = server } > { kind = client } > { kind = server }"))
        .containsExactly("ValidateToken");
  }

  @Test
  void count() {
    assertThat(SHOP.traces("{ } | count() > 4")).containsExactly(CHECKOUT);
    SearchResult clients = SHOP.search("{ kind = client } | count() = 2");
    assertThat(clients.traces())
        .extracting(m -> m.trace().traceId())
        .containsExactly(PRODUCTS, CHECKOUT);
    assertThat(clients.traces().get(0).spansets().get(0).attributes())
        .containsExactly(entry("count()", AttributeValue.of(2L)));
  }

  @Test
  void aggregates() {
    assertThat(SHOP.traces("{ } | avg(duration) > 500ms")).containsExactly(PAYMENT);
    assertThat(SHOP.traces("{ } | avg(duration) = 400ms")).containsExactly(CHECKOUT);
    assertThat(SHOP.traces("{ } | max(duration) >= 1s")).containsExactly(PAYMENT, CHECKOUT);
    assertThat(SHOP.traces("{ } | min(duration) < 10ms")).containsExactly(PRODUCTS);
    assertThat(SHOP.traces("{ } | sum(duration) > 2s")).containsExactly(PAYMENT);
    assertThat(SHOP.traces("{ } | sum(.retries) = 3")).containsExactly(PRODUCTS);
    assertThat(SHOP.traces("{ } | avg(.ratio) < 1")).containsExactly(PRODUCTS);
    assertThat(SHOP.traces("count() = 1")).containsExactly(ORPHAN);
  }

  @Test
  void byGroupsIntoSpansetsNamedByTheirKey() {
    SearchResult result = SHOP.search("{ } | by(resource.service.name) | count() > 1");
    assertThat(result.traces())
        .extracting(m -> m.trace().traceId())
        .containsExactly(PRODUCTS, CHECKOUT);
    List<MatchedSpanset> checkout = result.traces().get(1).spansets();
    assertThat(checkout).hasSize(2);
    assertThat(checkout.get(0).attributes())
        .containsExactly(
            entry("resource.service.name", AttributeValue.of("webapp")),
            entry("count()", AttributeValue.of(3L)));
    assertThat(checkout.get(1).spans())
        .extracting(s -> s.span().name())
        .containsExactly("ValidateToken", "SELECT users");
  }

  @Test
  void coalesceMergesGroups() {
    SearchResult result = SHOP.search("{ rootName = \"GET /checkout\" } | by(kind) | coalesce()");
    assertThat(result.traces()).hasSize(1);
    assertThat(result.traces().get(0).spansets()).hasSize(1);
    assertThat(result.traces().get(0).spansets().get(0).spans()).hasSize(5);
  }

  @Test
  void selectReportsFieldsForEachMatchedSpan() {
    SearchResult result =
        SHOP.search(
            "{ name = \"POST auth\" } | select(span.http.status_code, duration,"
                + " resource.service.name, kind, .missing)");
    MatchedSpan span = result.traces().get(0).spansets().get(0).spans().get(0);
    assertThat(span.attributes())
        .containsExactly(
            entry("span.http.status_code", AttributeValue.of(200L)),
            entry("duration", AttributeValue.of(300_000_000L)),
            entry("resource.service.name", AttributeValue.of("webapp")),
            entry("kind", AttributeValue.of("client")));
  }

  @Test
  void attributesTheFiltersComparedAreReported() {
    MatchedSpan span =
        SHOP.search("{ span.http.method = \"POST\" }")
            .traces()
            .get(0)
            .spansets()
            .get(0)
            .spans()
            .get(0);
    assertThat(span.attributes())
        .containsExactly(entry("span.http.method", AttributeValue.of("POST")));
  }

  @Test
  void laterFiltersNarrowEarlierSpansets() {
    assertThat(SHOP.spans("{ resource.service.name = \"webapp\" } | { kind = client }"))
        .containsExactly("SELECT products", "cache get", "POST auth");
    assertThat(SHOP.traces("({ kind = client } | count() > 1) && { status = error }"))
        .containsExactly(PRODUCTS);
    assertThat(SHOP.traces("by(resource.service.name) | { kind = consumer }"))
        .containsExactly(PAYMENT);
  }

  @Test
  void matchesASingleTrace() {
    var trace = STORE.trace(Shop.TENANT, CHECKOUT).orElseThrow();
    assertThat(EngineFixture.ENGINE.matches(trace, "{ name = \"render\" }")).isTrue();
    assertThat(EngineFixture.ENGINE.matches(trace, "{ name = \"charge\" }")).isFalse();
  }
}
