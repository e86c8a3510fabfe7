package io.eventlens.postgres;

import io.eventlens.core.storage.StorageUnavailableException;
import io.r2dbc.spi.R2dbcException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Maps driver and network failures to the SPI's exception, so no SQL or server detail reaches a client. */
final class StorageFailures {

    private StorageFailures() {}

    static boolean isDriverFailure(Throwable error) {
        return error instanceof R2dbcException
                || error instanceof IOException
                || error instanceof TimeoutException
                || error.getClass().getName().startsWith("io.netty.");
    }

    /**
     * Whether a report failed only because the rollups changed after it was planned ({@code rollup_plan_holds}
     * raised {@value RowSource#PLAN_OUTDATED}): planning it again answers it.
     */
    static boolean planOutdated(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && RowSource.PLAN_OUTDATED.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a statement named a column that is gone (42703): a promoted column dropped after it was compiled. */
    static boolean columnGone(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && "42703".equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What an operator can do about the failures that are the server's resources, not the request: the log line
     * names it beside the SQLSTATE. (Clients never see this text: their error is a coded "retry shortly".)
     */
    private static final Map<String, String> WHAT_TO_DO = Map.of(
            "53100", "the disk holding PostgreSQL's data is full; free space there and writes resume by themselves",
            "53200", "PostgreSQL is out of memory; lower work_mem or the connection pool, or give it more memory",
            "53300", "PostgreSQL has no connection left; raise max_connections or lower the pools of its clients",
            "57P03", "PostgreSQL is starting or recovering; it answers once it is ready");

    static Throwable translate(Throwable error) {
        String sqlState = error instanceof R2dbcException r2dbc ? r2dbc.getSqlState() : null;
        String state = "";
        if (sqlState != null) {
            String hint = WHAT_TO_DO.get(sqlState);
            state = " (SQLSTATE " + sqlState + (hint == null ? "" : ": " + hint) + ")";
        }
        return new StorageUnavailableException("PostgreSQL storage failed" + state, error);
    }
}
