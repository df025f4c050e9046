/** References are non-null unless marked {@code @Nullable}; NullAway checks it at compile time. */
@NullMarked
package dev.hopscope.query.traceql;

import org.jspecify.annotations.NullMarked;
