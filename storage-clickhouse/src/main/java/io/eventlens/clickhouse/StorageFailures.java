package io.eventlens.clickhouse;

import io.eventlens.core.storage.StorageUnavailableException;
import io.r2dbc.spi.R2dbcException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Maps driver, server and network failures to the SPI's exception, so no SQL or server detail reaches a client. */
final class StorageFailures {

    private StorageFailures() {}

    static boolean isDriverFailure(Throwable error) {
        return error instanceof R2dbcException
                || error instanceof IOException
                || error instanceof UncheckedIOException
                || error instanceof TimeoutException
                || error instanceof CompletionException
                || error.getClass().getName().startsWith("com.clickhouse.")
                || thrownInside(error, "org.apache.hc.");
    }

    /**
     * The driver's HTTP library signals some failures with plain JDK exceptions: a request racing a connection the
     * driver closed after a refused connect gets {@code IllegalStateException("Connection pool shut down")}.
     */
    private static boolean thrownInside(Throwable error, String packagePrefix) {
        StackTraceElement[] trace = error.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith(packagePrefix);
    }

    static StorageUnavailableException translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String code = cause instanceof com.clickhouse.client.ClickHouseException clickhouse
                ? " (code " + clickhouse.getErrorCode() + ")"
                : "";
        return new StorageUnavailableException("ClickHouse storage failed" + code, cause);
    }
}
