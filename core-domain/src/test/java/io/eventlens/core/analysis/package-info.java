/** Tests of funnel and retention validation. */
@NullMarked
package io.eventlens.core.analysis;

import org.jspecify.annotations.NullMarked;
