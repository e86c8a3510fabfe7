/** The ClickHouse storage engine: events in MergeTree tables, reports compiled to ClickHouse SQL. */
@NullMarked
package io.eventlens.clickhouse;

import org.jspecify.annotations.NullMarked;
