/**
 * Helpers the modules that build on the model share (byte order of ids); public because they cross
 * modules, not API: nothing outside Hopscope should call them.
 */
@NullMarked
package dev.hopscope.model.internal;

import org.jspecify.annotations.NullMarked;
