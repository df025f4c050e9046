package dev.hopscope.query.traceql;

/** The kinds of token the lexer produces; keywords stay {@link #IDENTIFIER} for the parser. */
enum TokenType {
  LEFT_BRACE("'{'"),
  RIGHT_BRACE("'}'"),
  LEFT_PAREN("'('"),
  RIGHT_PAREN("')'"),
  COMMA("','"),
  PIPE("'|'"),
  AND("'&&'"),
  OR("'||'"),
  NOT("'!'"),
  EQ("'='"),
  NEQ("'!='"),
  LT("'<'"),
  LTE("'<='"),
  GT("'>'"),
  GTE("'>='"),
  REGEX("'=~'"),
  NOT_REGEX("'!~'"),
  DESCENDANT("'>>'"),
  ANCESTOR("'<<'"),
  TILDE("'~'"),
  /** {@code !> !>> !< !<<}; {@code !~} stays {@link #NOT_REGEX} and the parser tells them apart. */
  NOT_STRUCTURAL("a negated structural operator"),
  /** {@code &> &>> &< &<< &~}. */
  UNION_STRUCTURAL("a union structural operator"),
  PLUS("'+'"),
  MINUS("'-'"),
  STAR("'*'"),
  SLASH("'/'"),
  PERCENT("'%'"),
  CARET("'^'"),
  STRING("a string"),
  INTEGER("an integer"),
  FLOAT("a number"),
  DURATION("a duration"),
  IDENTIFIER("a name"),
  /** {@code .x}, {@code span.x}, {@code resource."x y"}: text is the name, scope the prefix. */
  ATTRIBUTE("an attribute"),
  /** {@code span:duration}, {@code trace:rootService}: text is the name, scope the prefix. */
  SCOPED_INTRINSIC("an intrinsic"),
  EOF("end of query");

  private final String description;

  TokenType(String description) {
    this.description = description;
  }

  /** How error messages name this token type. */
  String description() {
    return description;
  }
}
