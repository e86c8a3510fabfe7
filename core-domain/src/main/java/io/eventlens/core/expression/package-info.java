/** The metric and dimension expression language: parser, typed syntax trees, resolution and canonical text. */
@NullMarked
package io.eventlens.core.expression;

import org.jspecify.annotations.NullMarked;
