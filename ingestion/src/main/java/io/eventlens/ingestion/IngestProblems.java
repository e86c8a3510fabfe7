package io.eventlens.ingestion;

import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.storage.StorageUnavailableException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * Turns a failed ingest request into RFC 9457 problem JSON with a machine-readable {@code code} and the {@code field}
 * at fault. Unexpected failures are logged here and answered without internals.
 */
final class IngestProblems {

    private static final Logger log = LoggerFactory.getLogger(IngestProblems.class);

    /** Where a body-level problem sits: the whole body. */
    private static final String BODY = "$";

    private final long maxBodyBytes;
    private final boolean segment;

    IngestProblems(long maxBodyBytes) {
        this(maxBodyBytes, false);
    }

    private IngestProblems(long maxBodyBytes, boolean segment) {
        this.maxBodyBytes = maxBodyBytes;
        this.segment = segment;
    }

    /**
     * Problems for the Segment endpoints: a batch too large is 400, not 413, as Segment's API answers it: Segment's
     * older libraries (and several compatible ones) resend on every status but 2xx and 400, and an oversized batch
     * never gets smaller by being resent.
     */
    static IngestProblems segment(long maxBodyBytes) {
        return new IngestProblems(maxBodyBytes, true);
    }

    private HttpStatus tooLarge() {
        return segment ? HttpStatus.BAD_REQUEST : HttpStatus.CONTENT_TOO_LARGE;
    }

    Mono<ServerResponse> respond(Throwable error, ServerRequest request) {
        StorageUnavailableException unavailable = storageUnavailable(error);
        if (unavailable != null) {
            log.warn("Ingest batch not stored, storage unavailable: {}", unavailable.getMessage());
            return problem(
                    request,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "STORAGE_UNAVAILABLE",
                    null,
                    "storage is "
                            + "unavailable, nothing of this batch was stored; send the same batch again later, which is safe "
                            + "because event ids make ingestion idempotent");
        }
        return switch (error) {
            case AccessException e ->
                switch (e.code()) {
                    case UNAUTHENTICATED ->
                        problem(request, HttpStatus.UNAUTHORIZED, e.code().name(), null, e.getMessage());
                    default ->
                        problem(
                                request,
                                HttpStatus.FORBIDDEN,
                                AccessException.Code.FORBIDDEN.name(),
                                null,
                                e.getMessage());
                };
            case OriginRefusedException e ->
                problem(request, HttpStatus.FORBIDDEN, "ORIGIN_NOT_ALLOWED", "Origin", String.valueOf(e.getMessage()));
            case RateLimitedException e ->
                problem(request, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", null, String.valueOf(e.getMessage()), e);
            case BatchRejectedException e ->
                switch (e.code()) {
                    case EMPTY_BATCH ->
                        problem(request, HttpStatus.BAD_REQUEST, e.code().name(), BODY, e.getMessage());
                    case TOO_MANY_EVENTS ->
                        problem(request, tooLarge(), e.code().name(), BODY, e.getMessage());
                };
            case MalformedBodyException e ->
                problem(request, HttpStatus.BAD_REQUEST, "MALFORMED_JSON", BODY, e.getMessage(), e.line(), e.column());
            case InvalidBodyException e ->
                problem(request, HttpStatus.BAD_REQUEST, "INVALID_BODY", e.field(), e.getMessage());
            case DataBufferLimitException e ->
                problem(
                        request,
                        tooLarge(),
                        "BODY_TOO_LARGE",
                        BODY,
                        "the body is larger than " + maxBodyBytes + " bytes: split the batch into smaller ones");
            case UnsupportedMediaTypeStatusException e ->
                problem(
                        request,
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "UNSUPPORTED_MEDIA_TYPE",
                        null,
                        "send Content-Type application/json (an array of events or one "
                                + "event) or application/x-ndjson (one event per line)");
            default -> {
                log.error("Ingest request {} {} failed unexpectedly", request.method(), request.path(), error);
                yield problem(
                        request,
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "INTERNAL_ERROR",
                        null,
                        "the server failed "
                                + "to process the batch and logged why; sending it again is safe for events that carry ids");
            }
        };
    }

    private static @Nullable StorageUnavailableException storageUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    private static Mono<ServerResponse> problem(
            ServerRequest request, HttpStatus status, String code, @Nullable String field, String detail) {
        return problem(request, status, code, field, detail, 0, 0);
    }

    /** 429 with {@code Retry-After} (whole seconds) and {@code retryAfterMs}. */
    private static Mono<ServerResponse> problem(
            ServerRequest request,
            HttpStatus status,
            String code,
            @Nullable String field,
            String detail,
            RateLimitedException limited) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.path()));
        problem.setProperty("code", code);
        problem.setProperty("field", field);
        problem.setProperty("retryAfterMs", limited.retryAfter().toMillis());
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()))
                .bodyValue(problem);
    }

    private static Mono<ServerResponse> problem(
            ServerRequest request,
            HttpStatus status,
            String code,
            @Nullable String field,
            String detail,
            int line,
            int column) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.path()));
        problem.setProperty("code", code);
        problem.setProperty("field", field);
        if (line > 0) {
            problem.setProperty("line", line);
            problem.setProperty("column", column);
        }
        ServerResponse.BodyBuilder response =
                ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.bodyValue(problem);
    }
}
