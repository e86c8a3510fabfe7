package io.eventlens.clickhouse;

/** A statement ClickHouse answered with an error: its code and message, for the logs, never for a client. */
final class ClickHouseServerException extends RuntimeException {

    private final int code;

    ClickHouseServerException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
