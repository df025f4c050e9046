/**
 * The embedded store's engine: not API. Everything under {@code internal} may change, move or go
 * without notice, in any release; nothing outside Hopscope's own modules should use it. It is
 * public only because Java has no visibility between "this package" and "everyone": the store's own
 * package ({@code dev.hopscope.store.embedded}) drives it, {@code store-object} reads and writes
 * the same block files ({@code internal.block}), {@code cluster} uses the same byte codecs and WAL
 * record format on the wire ({@code internal.codec}, {@code internal.wal}), and the bench's JMH
 * benchmarks measure its pieces directly. The store's API is {@code EmbeddedTraceStore}, {@code
 * EmbeddedStoreConfig}, {@code StoreStats}, {@code WalDamage} and the data-directory check in
 * {@code dev.hopscope.store.embedded}.
 *
 * <p>References are non-null unless marked {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.hopscope.store.embedded.internal;

import org.jspecify.annotations.NullMarked;
