package dev.hopscope.store.testing;

import java.time.Duration;
import java.time.InstantSource;

/**
 * What the conformance suite asks of a store it opens: a clock to obey and how long to keep data.
 */
public record StoreFixture(InstantSource clock, Duration retention) {}
