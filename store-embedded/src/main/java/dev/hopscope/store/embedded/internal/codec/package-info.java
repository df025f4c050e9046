/**
 * Not API: part of the embedded store's engine, public only for Hopscope's own modules and
 * benchmarks, and may change without notice (see the package {@code
 * dev.hopscope.store.embedded.internal}).
 *
 * <p>References are non-null unless marked {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.hopscope.store.embedded.internal.codec;

import org.jspecify.annotations.NullMarked;
