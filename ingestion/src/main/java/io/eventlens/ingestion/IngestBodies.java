package io.eventlens.ingestion;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a request body into bytes, never holding more than the limit. */
final class IngestBodies {

    private static final byte[] NO_BODY = new byte[0];

    private IngestBodies() {}

    /** The body (empty for none), or a {@link DataBufferLimitException} once it is longer than {@code maxBytes}. */
    static Mono<byte[]> read(ServerRequest request, int maxBytes) {
        if (request.headers().contentLength().orElse(-1) > maxBytes) {
            // Refuse before reading a byte when the client announces an oversized body.
            return Mono.error(new DataBufferLimitException("Content-Length over the limit"));
        }
        // join() stops and frees the buffers as soon as the limit is crossed: nothing larger is held.
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBytes)
                .map(IngestBodies::bytes)
                .defaultIfEmpty(NO_BODY);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
