/** Tests of the SQL text both storage engines share. */
@NullMarked
package io.eventlens.sql;

import org.jspecify.annotations.NullMarked;
