package io.eventlens.ingestion;

import io.eventlens.core.access.Caller;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Which web pages may send events with a key, and the CORS answer that lets them: a request from a page carries an
 * {@code Origin}; it is admitted only with a browser key bound to that origin. Requests without an {@code Origin}
 * (servers, curl) are not browsers' and pass: an origin binding keeps other sites' pages out, not a forger, which is
 * what rate limits are for.
 */
final class BrowserAccess {

    /** The ingest paths pages may send to, and so the paths CORS is answered on. */
    static final List<String> PATHS = List.of(
            "/v1/collect",
            "/v1/events",
            "/v1/batch",
            "/v1/import",
            "/v1/track",
            "/v1/page",
            "/v1/screen",
            "/v1/identify",
            "/v1/group",
            "/v1/alias");

    /** How long a browser may reuse a preflight answer (browsers cap it: Chromium at 2 hours). */
    static final Duration PREFLIGHT_MAX_AGE = Duration.ofDays(1);

    /** Request headers a page may send. */
    static final List<String> ALLOWED_HEADERS = List.of("Content-Type", "Authorization");

    /** The name of the query parameter carrying the key where a page cannot set a header (a beacon). */
    static final String KEY_PARAMETER = "key";

    private BrowserAccess() {}

    /** The key of a request: its {@code Authorization} header, else the {@code key} query parameter. */
    static @Nullable String credentials(ServerRequest request) {
        String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        return header != null ? header : request.queryParam(KEY_PARAMETER).orElse(null);
    }

    /**
     * Admits the caller's request from its origin, if any: answers the page's browser with the CORS headers that let
     * it read the answer, or refuses with {@link OriginRefusedException} before anything is read or stored.
     */
    static void admit(ServerRequest request, Caller caller) {
        String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return;
        }
        if (!(caller instanceof Caller.ProjectKey key) || !key.allowsOrigin(origin)) {
            throw refused(caller, origin);
        }
        HttpHeaders headers = request.exchange().getResponse().getHeaders();
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaders.RETRY_AFTER);
        headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }

    static OriginRefusedException refused(Caller caller, String origin) {
        boolean browserKey =
                caller instanceof Caller.ProjectKey key && !key.allowedOrigins().isEmpty();
        String shown = origin.length() > 100 ? origin.substring(0, 100) + "…" : origin;
        return new OriginRefusedException(
                browserKey
                        ? "pages of " + shown
                                + " may not send with this key: add the origin to the key's allowedOrigins "
                                + "(or create a browser key for it)"
                        : "this is a server key, which no web page may use: create a browser key with allowedOrigins for "
                                + shown);
    }
}
