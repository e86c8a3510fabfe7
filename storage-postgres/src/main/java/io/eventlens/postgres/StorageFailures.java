package io.eventlens.postgres;

import io.eventlens.core.storage.StorageUnavailableException;
import io.r2dbc.spi.R2dbcException;
import java.io.IOException;
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

    static Throwable translate(Throwable error) {
        String state = error instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
                ? " (SQLSTATE " + r2dbc.getSqlState() + ")"
                : "";
        return new StorageUnavailableException("PostgreSQL storage failed" + state, error);
    }
}
