package dev.hopscope.query.traceql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every API that writes TraceQL for a user's attribute key (the printer, the Jaeger and Tempo tag
 * search, Zipkin's annotationQuery) names it through {@link AttributeScope#reference}: whatever the
 * key, the parser must read back that attribute, in that scope.
 */
class AttributeScopeTest {
  private static final String ALPHABET = "ab.Z09_-:/ \t\n{}()=!<>~&|^,+*/%\"`\\'@#ü\u0001";

  @Test
  void everyNameReadsBackAsTheSameAttribute() {
    SplittableRandom random = new SplittableRandom(23);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int c = 0; c < length; c++) {
        name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      for (AttributeScope scope :
          new AttributeScope[] {
            AttributeScope.NONE, AttributeScope.SPAN, AttributeScope.RESOURCE
          }) {
        String reference = scope.reference(name.toString());

        FieldExpr field = compared(TraceQlQuery.parse("{ " + reference + " != nil }"));

        assertThat(field)
            .as("%s", reference)
            .isInstanceOfSatisfying(
                FieldExpr.Attribute.class,
                attribute -> {
                  assertThat(attribute.scope()).isEqualTo(scope);
                  assertThat(attribute.name()).isEqualTo(name.toString());
                });
      }
    }
  }

  @Test
  void plainNamesStayUnquotedAndOthersBecomeStringLiterals() {
    assertThat(AttributeScope.SPAN.reference("http.method")).isEqualTo("span.http.method");
    assertThat(AttributeScope.NONE.reference("cache.hit")).isEqualTo(".cache.hit");
    assertThat(AttributeScope.RESOURCE.reference("a b")).isEqualTo("resource.\"a b\"");
    assertThat(AttributeScope.NONE.reference("")).isEqualTo(".\"\"");
  }

  private static FieldExpr compared(TraceQlQuery query) {
    SpansetExpr.Filter filter = (SpansetExpr.Filter) query.pipeline().stages().get(0);
    FieldExpr.Binary binary = (FieldExpr.Binary) filter.condition().orElseThrow();
    return binary.left();
  }
}
