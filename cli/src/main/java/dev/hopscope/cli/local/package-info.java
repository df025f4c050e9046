/** References are non-null unless marked {@code @Nullable}; NullAway checks it at compile time. */
@NullMarked
package dev.hopscope.cli.local;

import org.jspecify.annotations.NullMarked;
