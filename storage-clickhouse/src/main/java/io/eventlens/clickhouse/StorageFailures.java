package io.eventlens.clickhouse;

import io.eventlens.core.storage.StorageUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/** Maps server and network failures to the SPI's exception, so no SQL or server detail reaches a client. */
final class StorageFailures {

    private StorageFailures() {}

    static boolean isDriverFailure(Throwable error) {
        return error instanceof ClickHouseServerException
                || error instanceof IOException
                || error instanceof UncheckedIOException
                || error instanceof TimeoutException
                || error instanceof tools.jackson.core.JacksonException
                || error.getClass().getName().startsWith("io.netty.")
                || error.getClass().getName().startsWith("reactor.netty.");
    }

    static StorageUnavailableException translate(Throwable error) {
        String code = error instanceof ClickHouseServerException server && server.code() != 0
                ? " (code " + server.code() + ")"
                : "";
        return new StorageUnavailableException("ClickHouse storage failed" + code, error);
    }
}
