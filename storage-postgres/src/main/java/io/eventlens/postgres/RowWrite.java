package io.eventlens.postgres;

/** A statement that adds or changes rows and returns none: SQL with its bindings, or a binary COPY of rows. */
sealed interface RowWrite permits SqlStatement, CopyRows {}
