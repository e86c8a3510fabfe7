/** Apps with ClickHouse as the engine: several instances writing one project. */
@NullMarked
package io.eventlens.app.clickhouse;

import org.jspecify.annotations.NullMarked;
