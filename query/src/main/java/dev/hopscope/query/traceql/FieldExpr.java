package dev.hopscope.query.traceql;

import java.util.Objects;

/**
 * An expression evaluated per span inside {@code { }}, in {@code by()}, {@code select()} and
 * aggregates. Every node records the offset where it starts (for binary nodes, of the operator) so
 * that errors can point at it.
 */
public sealed interface FieldExpr {
  int position();

  record Literal(Value value, int position) implements FieldExpr {
    public Literal {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return Printer.field(this);
    }
  }

  record Attribute(AttributeScope scope, String name, int position) implements FieldExpr {
    public Attribute {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return Printer.field(this);
    }
  }

  record IntrinsicField(Intrinsic intrinsic, int position) implements FieldExpr {
    public IntrinsicField {
      Objects.requireNonNull(intrinsic, "intrinsic");
    }

    @Override
    public String toString() {
      return Printer.field(this);
    }
  }

  /** A bare name that is no intrinsic; kept so that validation can say what was meant. */
  record UnknownName(String name, int position) implements FieldExpr {
    @Override
    public String toString() {
      return Printer.field(this);
    }
  }

  record Binary(BinaryOp op, FieldExpr left, FieldExpr right, int position) implements FieldExpr {
    public Binary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return Printer.field(this);
    }
  }

  /** {@code -x} or {@code !x}. */
  record Unary(UnaryOp op, FieldExpr operand, int position) implements FieldExpr {
    public Unary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public String toString() {
      return Printer.field(this);
    }
  }
}
