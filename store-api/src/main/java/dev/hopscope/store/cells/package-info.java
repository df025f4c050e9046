/**
 * Span aggregates per grain of time: what a store keeps as blocks are cut so that rates, quantiles
 * and histograms over hours answer without reading a span. Not thread-safe unless said.
 */
@NullMarked
package dev.hopscope.store.cells;

import org.jspecify.annotations.NullMarked;
