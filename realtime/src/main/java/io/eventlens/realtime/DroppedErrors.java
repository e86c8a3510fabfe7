package io.eventlens.realtime;

import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * Reactor's handling of errors that arrive after their subscriber has gone. A WebSocket message over the size limit
 * is one: Reactor Netty fails the connection's inbound stream after the handler has ended it, and Reactor's default
 * logged an ERROR with a stack trace for every such client (WebSocketFuzzTests). That one is logged as one line; any
 * other dropped error still gets the full report.
 */
final class DroppedErrors {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);
    private static final AtomicBoolean installed = new AtomicBoolean();

    private DroppedErrors() {}

    /** Installs the hook once per JVM (it is global to Reactor). */
    static void install() {
        if (installed.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrors::dropped);
        }
    }

    static void dropped(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLongFrameException) {
                log.info(
                        "Closed a WebSocket connection that sent a message over {} KB",
                        SessionExposingWebSocketHandler.MAX_FRAME_BYTES / 1024);
                return;
            }
        }
        log.error("An error arrived after its subscriber had gone", error);
    }
}
