/**
 * Digests a store keeps per block for answers over many traces: the store calls a {@link
 * dev.hopscope.store.digest.TraceDigester} as it writes and hands the bytes back to readers.
 */
@NullMarked
package dev.hopscope.store.digest;

import org.jspecify.annotations.NullMarked;
