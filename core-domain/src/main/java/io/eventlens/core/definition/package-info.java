/** A project's own metrics and dimensions: stored as expression text, validated on save, resolved into its catalog. */
@NullMarked
package io.eventlens.core.definition;

import org.jspecify.annotations.NullMarked;
