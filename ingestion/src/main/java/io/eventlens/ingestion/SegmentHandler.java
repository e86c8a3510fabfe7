package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.access.Scope;
import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.ingest.IngestResult;
import io.eventlens.core.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Segment's HTTP Tracking API: {@code POST /v1/track}, {@code /v1/page}, {@code /v1/screen}, {@code /v1/identify},
 * {@code /v1/group}, {@code /v1/alias} (one message) and {@code /v1/batch} ({@code {"batch": [...]}}). The write key
 * is the HTTP Basic user name (as Segment's libraries send it), a Bearer key, the {@code key} query parameter, or
 * {@code writeKey} in the body (as analytics.js sends it from pages, with a browser key).
 *
 * <p>Answers 200 {@code {"success": true, ...}} when anything was stored or was there already, and 400 for what must
 * not be sent again as it is (nothing stored, malformed or oversized), as Segment's API does: its older libraries
 * (and several compatible ones) resend on every status but 2xx and 400.
 */
final class SegmentHandler {

    /** The answer, Segment's {@code success} plus what {@code /v1/events} tells. */
    record SegmentResult(boolean success, int accepted, int duplicates, List<Rejection> rejected) {}

    private final EventIngestor ingestor;
    private final BatchReader reader;
    private final SegmentMessages messages;
    private final Authenticator authenticator;
    private final RateLimits limits;
    private final Clock clock;
    private final int maxBodyBytes;
    private final int maxEvents;
    private final IngestProblems problems;

    SegmentHandler(
            EventIngestor ingestor,
            BatchReader reader,
            Authenticator authenticator,
            RateLimits limits,
            Clock clock,
            int maxBodyBytes) {
        this.ingestor = ingestor;
        this.reader = reader;
        this.messages = new SegmentMessages(ingestor.limits().maxStringLength());
        this.authenticator = authenticator;
        this.limits = limits;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.maxEvents = ingestor.limits().maxEventsPerBatch();
        this.problems = IngestProblems.segment(maxBodyBytes);
    }

    /** One message to the endpoint of its call. */
    Mono<ServerResponse> message(ServerRequest request, SegmentCall call) {
        return handle(request, call);
    }

    /** {@code POST /v1/batch}. */
    Mono<ServerResponse> batch(ServerRequest request) {
        return handle(request, null);
    }

    private Mono<ServerResponse> handle(ServerRequest request, @Nullable SegmentCall call) {
        Instant received = clock.instant();
        String authorization = BrowserAccess.credentials(request);
        Mono<IngestResult> result = Mono.defer(() -> authorization != null
                // The key first: nothing of an unauthenticated body is read.
                ? caller(request, writeKey(authorization))
                        .flatMap(caller -> body(request).flatMap(body -> ingest(caller, call, body, received)))
                // A library that puts the key in the body (analytics.js): read (bounded) first, then check it.
                : body(request)
                        .flatMap((Map<String, @Nullable Object> body) -> caller(request, body.get("writeKey"))
                                .flatMap(caller -> ingest(caller, call, body, received))));
        return result.flatMap(stored -> {
                    boolean success = stored.accepted() + stored.duplicates() > 0;
                    return ServerResponse.status(success ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(new SegmentResult(
                                    success, stored.accepted(), stored.duplicates(), stored.rejected()));
                })
                .onErrorResume(error -> problems.respond(error, request));
    }

    private Mono<Map<String, @Nullable Object>> body(ServerRequest request) {
        return IngestBodies.read(request, maxBodyBytes).map(bytes -> {
            Map<String, @Nullable Object> body = reader.object(bytes);
            if (body == null) {
                throw new BatchRejectedException(
                        BatchRejectedException.Code.EMPTY_BATCH,
                        "the body is empty: send one message as a JSON object");
            }
            return body;
        });
    }

    private Mono<Caller> caller(ServerRequest request, @Nullable Object writeKey) {
        if (!(writeKey instanceof String key) || key.isBlank()) {
            return Mono.error(new AccessException(
                    AccessException.Code.UNAUTHENTICATED,
                    "send the write key (an "
                            + "ingest key) as the HTTP Basic user name, `Authorization: Basic base64(<key>:)`, or as "
                            + "`writeKey` in the body"));
        }
        return authenticator.authenticate(key).doOnNext(caller -> {
            caller.project(Scope.INGEST);
            BrowserAccess.admit(request, caller);
        });
    }

    /** The key in an {@code Authorization} header: the Basic user name (or password, when no user), else as sent. */
    static @Nullable String writeKey(String authorization) {
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return value;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AccessException(
                    AccessException.Code.UNAUTHENTICATED,
                    "the Basic credentials are no base64: " + "send base64(<write key>:)");
        }
        int colon = pair.indexOf(':');
        String user = colon < 0 ? pair : pair.substring(0, colon);
        return user.isEmpty() && colon >= 0 ? pair.substring(colon + 1) : user;
    }

    private Mono<IngestResult> ingest(
            Caller caller, @Nullable SegmentCall call, Map<String, @Nullable Object> body, Instant received) {
        ProjectId project = caller.project(Scope.INGEST);
        List<?> entries;
        Map<String, @Nullable Object> batchContext = Map.of();
        Object sentAt = null;
        if (call != null) {
            entries = List.of(body);
        } else {
            if (!(body.get("batch") instanceof List<?> batch)) {
                throw new InvalidBodyException(
                        "batch",
                        "must be an array of messages, each with its type: "
                                + String.join(", ", SegmentMessages.calls()));
            }
            entries = batch;
            Object context = body.get("context");
            if (context instanceof Map<?, ?> shared) {
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> typed = (Map<String, @Nullable Object>) shared;
                batchContext = typed;
            } else if (context != null) {
                throw new InvalidBodyException("context", "must be a JSON object");
            }
            sentAt = body.get("sentAt");
        }
        ParsedBatch.Builder builder = new ParsedBatch.Builder(maxEvents);
        List<Map<String, String>> origins = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                builder.reject("batch[" + i + "]", "must be a JSON object holding one message");
                origins.add(Map.of());
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> message = (Map<String, @Nullable Object>) entry;
            try {
                SegmentMessages.Translated translated =
                        messages.translate(project, message, call, batchContext, sentAt, received);
                builder.add(translated.draft());
                origins.add(translated.origins());
            } catch (SegmentMessages.Problem problem) {
                builder.reject(problem.field(), problem.getMessage());
                origins.add(Map.of());
            }
        }
        ParsedBatch batch = builder.build();
        if (batch.size() == 0) {
            return Mono.error(new BatchRejectedException(
                    BatchRejectedException.Code.EMPTY_BATCH, "the batch holds no messages: send at least one"));
        }
        Mono<IngestResult> stored = batch.drafts().isEmpty()
                ? Mono.just(batch.merge(new IngestResult(0, 0, List.of())))
                : ingestor.ingest(project, batch.drafts()).map(batch::merge);
        return limits.take(caller, Limit.INGEST_EVENTS, batch.size())
                .then(stored)
                .map(result -> new IngestResult(
                        result.accepted(),
                        result.duplicates(),
                        result.rejected().stream()
                                .map(rejection -> new Rejection(
                                        rejection.index(),
                                        SegmentMessages.origin(origins.get(rejection.index()), rejection.field()),
                                        rejection.reason()))
                                .toList()));
    }
}
