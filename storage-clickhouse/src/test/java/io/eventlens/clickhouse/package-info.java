/** Tests of the ClickHouse engine against chdb-wasm (or a real server named by CLICKHOUSE_URL). */
@NullMarked
package io.eventlens.clickhouse;

import org.jspecify.annotations.NullMarked;
