/** References are non-null unless marked {@code @Nullable}; NullAway checks it at compile time. */
@NullMarked
package dev.hopscope.process;

import org.jspecify.annotations.NullMarked;
