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
                || error.getClass().getName().startsWith("com.clickhouse.");
    }

    static StorageUnavailableException translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String code = cause instanceof com.clickhouse.client.ClickHouseException clickhouse
                ? " (code " + clickhouse.getErrorCode() + ")"
                : "";
        return new StorageUnavailableException("ClickHouse storage failed" + code, cause);
    }
}
