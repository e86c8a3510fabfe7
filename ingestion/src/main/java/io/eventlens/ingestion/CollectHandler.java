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
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/collect}: what the website tracker sends, {@code {"events": [{"n": name, "u": url, "r": referrer,
 * "p": props, "i": id}]}} as text/plain (a beacon), the key in the URL ({@code ?key=}) or as {@code key} in the body.
 * The server fills in what a page should not be trusted with or cannot know: the time, the daily visitor id (user
 * and session), device, browser and OS from the User-Agent, the country from the configured proxy header. Robots
 * and a visitor's events beyond its per-minute budget are dropped, and said so ({@code dropped}).
 */
final class CollectHandler {

    /** What was stored and refused, as for {@code /v1/events}, plus events dropped on purpose (robots, floods). */
    record CollectResult(int accepted, int duplicates, int dropped, List<Rejection> rejected) {}

    private final EventIngestor ingestor;
    private final BatchReader reader;
    private final Authenticator authenticator;
    private final RateLimits limits;
    private final CollectProperties properties;
    private final UserAgents userAgents;
    private final VisitorIds visitors;
    private final VisitorLimits visitorLimits;
    private final CollectedEvents events;
    private final IngestProblems problems;

    CollectHandler(
            EventIngestor ingestor,
            BatchReader reader,
            Authenticator authenticator,
            RateLimits limits,
            CollectProperties properties,
            UserAgents userAgents,
            VisitorIds visitors,
            VisitorLimits visitorLimits) {
        this.ingestor = ingestor;
        this.reader = reader;
        this.authenticator = authenticator;
        this.limits = limits;
        this.properties = properties;
        this.userAgents = userAgents;
        this.visitors = visitors;
        this.visitorLimits = visitorLimits;
        this.events = new CollectedEvents(ingestor.limits().maxUrlLength());
        this.problems = new IngestProblems(properties.maxBodyBytes().toBytes());
    }

    Mono<ServerResponse> collect(ServerRequest request) {
        String credentials = BrowserAccess.credentials(request);
        return Mono.defer(() -> IngestBodies.read(
                        request, (int) properties.maxBodyBytes().toBytes()))
                .flatMap(bytes -> {
                    Map<String, @Nullable Object> body = reader.object(bytes);
                    if (body == null) {
                        throw new BatchRejectedException(
                                BatchRejectedException.Code.EMPTY_BATCH, "the body is empty: send {\"events\": [...]}");
                    }
                    Object key = credentials != null ? credentials : body.get("key");
                    return caller(request, key).flatMap(caller -> collect(request, caller, body));
                })
                .flatMap(result -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(result))
                .onErrorResume(error -> problems.respond(error, request));
    }

    private Mono<Caller> caller(ServerRequest request, @Nullable Object key) {
        if (!(key instanceof String secret) || secret.isBlank()) {
            return Mono.error(new AccessException(
                    AccessException.Code.UNAUTHENTICATED,
                    "send the browser key in " + "the URL (?key=) or as `key` in the body"));
        }
        return authenticator.authenticate(secret).doOnNext(caller -> {
            caller.project(Scope.INGEST);
            BrowserAccess.admit(request, caller);
        });
    }

    private Mono<CollectResult> collect(ServerRequest request, Caller caller, Map<String, @Nullable Object> body) {
        ProjectId project = caller.project(Scope.INGEST);
        if (!(body.get("events") instanceof List<?> sent)) {
            throw new InvalidBodyException("events", "must be an array of events");
        }
        if (sent.isEmpty()) {
            throw new BatchRejectedException(
                    BatchRejectedException.Code.EMPTY_BATCH, "events is empty: send at " + "least one");
        }
        if (sent.size() > properties.maxEventsPerRequest()) {
            throw new BatchRejectedException(
                    BatchRejectedException.Code.TOO_MANY_EVENTS,
                    "events holds more than " + properties.maxEventsPerRequest() + ": send fewer per request");
        }
        String userAgent = request.headers().firstHeader(HttpHeaders.USER_AGENT);
        return userAgents.analyze(userAgent).flatMap(agent -> {
            if (agent.robot() && properties.dropBots()) {
                return Mono.just(new CollectResult(0, 0, sent.size(), List.of()));
            }
            return visitors.visitor(project, address(request), userAgent == null ? "" : userAgent)
                    .flatMap(visitor -> store(caller, project, sent, visitor, agent, country(request)));
        });
    }

    private Mono<CollectResult> store(
            Caller caller,
            ProjectId project,
            List<?> sent,
            String visitor,
            UserAgents.Agent agent,
            @Nullable String country) {
        ParsedBatch.Builder batch = new ParsedBatch.Builder(sent.size());
        int dropped = 0;
        for (int i = 0; i < sent.size(); i++) {
            if (!visitorLimits.admit(visitor)) {
                dropped++;
                continue;
            }
            try {
                batch.add(events.draft(sent.get(i), visitor, agent, country, i));
            } catch (InvalidBodyException e) {
                batch.reject(e.field(), String.valueOf(e.getMessage()));
            }
        }
        int droppedEvents = dropped;
        ParsedBatch parsed = batch.build();
        if (parsed.size() == 0) {
            return Mono.just(new CollectResult(0, 0, droppedEvents, List.of()));
        }
        Mono<IngestResult> stored = parsed.drafts().isEmpty()
                ? Mono.just(parsed.merge(new IngestResult(0, 0, List.of())))
                : ingestor.ingest(project, parsed.drafts()).map(parsed::merge);
        return limits.take(caller, Limit.INGEST_EVENTS, parsed.size())
                .then(stored)
                .map(result ->
                        new CollectResult(result.accepted(), result.duplicates(), droppedEvents, result.rejected()));
    }

    private @Nullable String country(ServerRequest request) {
        if (properties.countryHeader() == null) {
            return null;
        }
        String value = request.headers().firstHeader(properties.countryHeader());
        return value == null ? null : SegmentMessages.country(value); // only a real country code gets through
    }

    private String address(ServerRequest request) {
        if (properties.clientIpHeader() != null) {
            String forwarded = request.headers().firstHeader(properties.clientIpHeader());
            if (forwarded != null && !forwarded.isBlank()) {
                int comma = forwarded.indexOf(',');
                return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
            }
        }
        return request.remoteAddress()
                .map(InetSocketAddress::getAddress)
                .map(a -> a.getHostAddress())
                .orElse("");
    }
}
