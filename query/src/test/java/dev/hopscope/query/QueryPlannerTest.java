package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.StatusCode;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchHint.AttributeEquals;
import dev.hopscope.store.SearchHint.MaxSpanDuration;
import dev.hopscope.store.SearchHint.MinSpanDuration;
import dev.hopscope.store.SearchHint.MinTraceDuration;
import dev.hopscope.store.SearchHint.Scope;
import dev.hopscope.store.SearchHint.ServiceName;
import dev.hopscope.store.SearchHint.SpanName;
import dev.hopscope.store.SearchHint.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which conditions the planner pushes to the store: only necessary ones. */
class QueryPlannerTest {
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();
  private static final long SECOND = 1_000_000_000L;

  private static List<SearchHint> hints(String query) {
    return ENGINE.storeHints(ENGINE.parse(query));
  }

  @Test
  void conjunctionOfServiceAndDuration() {
    assertThat(hints("{ resource.service.name = \"auth\" && duration > 1s }"))
        .containsExactly(new ServiceName("auth"), new MinSpanDuration(SECOND + 1));
  }

  @Test
  void nothingFromUnderOrOrNot() {
    assertThat(hints("{ resource.service.name = \"auth\" || duration > 1s }")).isEmpty();
    assertThat(hints("{ !(name = \"x\") }")).isEmpty();
    assertThat(hints("{ !(name = \"x\" && status = error) }")).isEmpty();
    assertThat(hints("{ name = \"a\" } || { status = error }")).isEmpty();
    assertThat(hints("{ (.a = \"x\" || .b = \"y\") && name = \"n\" }"))
        .containsExactly(new SpanName("n"));
    // && and || group left to right: this is (a || b) && c.
    assertThat(hints("{ .a = \"x\" || .b = \"y\" && name = \"n\" }"))
        .containsExactly(new SpanName("n"));
  }

  @Test
  void bothSidesOfSpansetAndAndStructuralOperators() {
    assertThat(hints("{ name = \"a\" } && { status = error }"))
        .containsExactly(new SpanName("a"), new Status(StatusCode.ERROR));
    assertThat(hints("{ name = \"a\" } >> { .x = \"y\" }"))
        .containsExactly(
            new SpanName("a"), new AttributeEquals(Scope.ANY, "x", AttributeValue.of("y")));
  }

  @Test
  void negatedRelationsNeedOnlyTheirRightHandSide() {
    assertThat(hints("{ name = \"a\" } !> { name = \"b\" }")).containsExactly(new SpanName("b"));
    assertThat(hints("{ name = \"a\" } &>> { name = \"b\" }"))
        .containsExactly(new SpanName("a"), new SpanName("b"));
  }

  @Test
  void everyPipelineStageMustMatch() {
    assertThat(hints("{ .a = \"x\" } | count() > 1 | { status = error }"))
        .containsExactly(
            new AttributeEquals(Scope.ANY, "a", AttributeValue.of("x")),
            new Status(StatusCode.ERROR));
    assertThat(hints("({ name = \"a\" } | count() > 1) > { name = \"b\" }"))
        .containsExactly(new SpanName("a"), new SpanName("b"));
  }

  @Test
  void durationBounds() {
    assertThat(hints("{ 1s < duration }")).containsExactly(new MinSpanDuration(SECOND + 1));
    assertThat(hints("{ duration >= 1s }")).containsExactly(new MinSpanDuration(SECOND));
    assertThat(hints("{ duration < 5ms }")).containsExactly(new MaxSpanDuration(4_999_999));
    assertThat(hints("{ duration <= 5ms }")).containsExactly(new MaxSpanDuration(5_000_000));
    assertThat(hints("{ duration = 5ms }"))
        .containsExactly(new MinSpanDuration(5_000_000), new MaxSpanDuration(5_000_000));
    assertThat(hints("{ duration > 1.5 }")).isEmpty();
  }

  @Test
  void traceDurationGivesALowerBoundOnTheWholeTrace() {
    assertThat(hints("{ traceDuration > 1s }")).containsExactly(new MinTraceDuration(SECOND + 1));
    assertThat(hints("{ 1s <= trace:duration }")).containsExactly(new MinTraceDuration(SECOND));
    assertThat(hints("{ traceDuration = 1s }")).containsExactly(new MinTraceDuration(SECOND));
    // Fast traces are most traces: an upper bound would save nothing, so none is given.
    assertThat(hints("{ traceDuration < 1s }")).isEmpty();
    assertThat(hints("{ traceDuration > 1.5 }")).isEmpty();
    assertThat(hints("{ traceDuration > 1s || status = error }")).isEmpty();
  }

  @Test
  void rootFieldsAreSomeSpansFields() {
    assertThat(hints("{ rootServiceName = \"webapp\" && rootName = \"GET /\" }"))
        .containsExactly(new ServiceName("webapp"), new SpanName("GET /"));
  }

  @Test
  void attributesOnlyForStringAndBooleanEquality() {
    assertThat(hints("{ span.flag = true }"))
        .containsExactly(new AttributeEquals(Scope.SPAN, "flag", AttributeValue.of(true)));
    assertThat(hints("{ resource.env = \"prod\" }"))
        .containsExactly(new AttributeEquals(Scope.RESOURCE, "env", AttributeValue.of("prod")));
    // An int literal also equals a double attribute, which an exact hint would miss.
    assertThat(hints("{ span.x = 1 }")).isEmpty();
    assertThat(hints("{ span.x != \"a\" }")).isEmpty();
    assertThat(hints("{ instrumentation.x = \"a\" }")).isEmpty();
    assertThat(hints("{ .x =~ \"a.*\" }")).isEmpty();
  }

  @Test
  void statusOnlyForEquality() {
    assertThat(hints("{ status = ok }")).containsExactly(new Status(StatusCode.OK));
    assertThat(hints("{ status != ok }")).isEmpty();
  }
}
