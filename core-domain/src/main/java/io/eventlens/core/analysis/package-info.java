/** Funnels and retention: analyses that follow each user through time, validated queries and their results. */
@NullMarked
package io.eventlens.core.analysis;

import org.jspecify.annotations.NullMarked;
