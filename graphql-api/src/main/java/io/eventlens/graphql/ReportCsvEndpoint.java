package io.eventlens.graphql;

import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.definition.ProjectCatalogs;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.OverloadedException;
import io.eventlens.core.storage.ReadTooSlowException;
import io.eventlens.core.storage.StorageUnavailableException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/reports.csv?...} and {@code POST /v1/reports.csv} (a {@code ReportInput} JSON body): any report as
 * CSV, resolved exactly like the GraphQL {@code report}, so the numbers are the same. Refusals are problem JSON with
 * the GraphQL error's {@code code} and {@code field}.
 */
final class ReportCsvEndpoint {

    static final String PATH = "/v1/reports.csv";
    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private static final Logger log = LoggerFactory.getLogger(ReportCsvEndpoint.class);

    private final EventStorage storage;
    private final ReportRequestResolver resolver;
    private final CurrentProject project;
    private final ProjectCatalogs catalogs;
    private final Authenticator authenticator;
    private final RateLimits limits;

    ReportCsvEndpoint(
            EventStorage storage,
            ReportRequestResolver resolver,
            CurrentProject project,
            ProjectCatalogs catalogs,
            Authenticator authenticator,
            RateLimits limits) {
        this.authenticator = authenticator;
        this.limits = limits;
        this.storage = storage;
        this.resolver = resolver;
        this.project = project;
        this.catalogs = catalogs;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(RequestPredicates.GET(PATH), this::get)
                .andRoute(RequestPredicates.POST(PATH), this::post);
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        return authenticated(
                request,
                Mono.fromCallable(() -> ReportParameters.read(request.queryParams()))
                        .flatMap(this::csv));
    }

    private Mono<ServerResponse> post(ServerRequest request) {
        // Deferred: reading the body parses the Content-Type, which may fail; that is a refusal like the others.
        return authenticated(
                request,
                Mono.defer(() -> request.bodyToMono(ReportInput.class))
                        .switchIfEmpty(Mono.error(() -> new ServerWebInputException("the body is required")))
                        .map(ReportParameters::of)
                        .flatMap(this::csv));
    }

    /** Runs {@code answer} as the caller of the request's key (nothing is read without one). */
    private Mono<ServerResponse> authenticated(ServerRequest request, Mono<ServerResponse> answer) {
        return authenticator
                .authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(caller -> limits.take(caller, Limit.QUERIES, 1).then(answer.contextWrite(caller.context())))
                .onErrorResume(e -> problem(e, request));
    }

    private Mono<ServerResponse> csv(ReportRequest request) {
        return project.get()
                .flatMap(id ->
                        catalogs.catalog(id).flatMap(catalog -> storage.report(resolver.resolve(id, request, catalog))))
                // The report is complete before the status is sent, so a failure is still a proper problem answer.
                .flatMap(report -> ServerResponse.ok()
                        .contentType(TEXT_CSV)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"report.csv\"")
                        .body(
                                Flux.concat(
                                        Flux.just(ReportCsv.header(report)),
                                        Flux.fromIterable(report.rows()).map(ReportCsv::row)),
                                String.class));
    }

    private static Mono<ServerResponse> problem(Throwable error, ServerRequest request) {
        return switch (error) {
            case AccessException e
            when e.code() == AccessException.Code.UNAUTHENTICATED ->
                problem(request, HttpStatus.UNAUTHORIZED, e.code().name(), null, String.valueOf(e.getMessage()));
            case AccessException e ->
                problem(
                        request,
                        HttpStatus.FORBIDDEN,
                        AccessException.Code.FORBIDDEN.name(),
                        null,
                        String.valueOf(e.getMessage()));
            case RateLimitedException e -> {
                ProblemDetail problem =
                        ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, String.valueOf(e.getMessage()));
                problem.setInstance(URI.create(request.path()));
                problem.setProperty("code", ApiErrors.RATE_LIMITED);
                problem.setProperty("retryAfterMs", e.retryAfter().toMillis());
                yield ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                        .bodyValue(problem);
            }
            case QueryException e ->
                problem(request, HttpStatus.BAD_REQUEST, e.code().name(), e.field(), String.valueOf(e.getMessage()));
            case UnsupportedMediaTypeStatusException e -> unsupportedMediaType(request);
            case InvalidMediaTypeException e -> unsupportedMediaType(request);
            case ServerWebInputException e ->
                problem(
                        request,
                        HttpStatus.BAD_REQUEST,
                        "INVALID_ARGUMENT",
                        "body",
                        "body: send a ReportInput as JSON, e.g. {\"metrics\":[\"events\"],\"from\":"
                                + "\"2026-05-01T00:00:00Z\",\"to\":\"2026-06-01T00:00:00Z\"}");
            case CodecException e ->
                problem(
                        request,
                        HttpStatus.BAD_REQUEST,
                        "INVALID_ARGUMENT",
                        "body",
                        "body: not a valid ReportInput JSON object");
            case OverloadedException e -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
                problem.setInstance(URI.create(request.path()));
                problem.setProperty("code", ApiErrors.OVERLOADED);
                problem.setProperty("retryAfterMs", e.retryAfter().toMillis());
                yield ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .header(
                                HttpHeaders.RETRY_AFTER,
                                String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                        .bodyValue(problem);
            }
            case ReadTooSlowException e ->
                problem(
                        request,
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        ApiErrors.READ_TIMEOUT,
                        null,
                        String.valueOf(e.getMessage()));
            case StorageUnavailableException e -> {
                log.warn("Storage unavailable for {}", request.path(), e);
                yield problem(
                        request,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ApiErrors.STORAGE_UNAVAILABLE,
                        null,
                        "The event store is unavailable right now; retry shortly.");
            }
            default -> {
                log.error("CSV report {} {} failed unexpectedly", request.method(), request.path(), error);
                yield problem(
                        request,
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        ApiErrors.INTERNAL,
                        null,
                        "Internal error; the server log has the details.");
            }
        };
    }

    private static Mono<ServerResponse> unsupportedMediaType(ServerRequest request) {
        return problem(
                request,
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                null,
                "send the ReportInput with Content-Type application/json, or use GET with query parameters");
    }

    private static Mono<ServerResponse> problem(
            ServerRequest request, HttpStatus status, String code, @Nullable String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.path()));
        problem.setProperty("code", code);
        problem.setProperty("field", field);
        ServerResponse.BodyBuilder response =
                ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.bodyValue(problem);
    }
}
