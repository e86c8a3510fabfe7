package io.eventlens.ingestion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /js/eventlens.js}: the website tracker, read once, gzipped once, served with an ETag and a day of
 * caching (a new version reaches every page within a day), and loadable by pages that isolate themselves (CORP).
 */
final class TrackerScript {

    static final String PATH = "/js/eventlens.js";
    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final CacheControl CACHE =
            CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

    private final byte[] plain;
    private final byte[] gzipped;
    private final String etag;

    TrackerScript() {
        try (InputStream source = Objects.requireNonNull(
                TrackerScript.class.getResourceAsStream("/eventlens/tracker.js"), "tracker.js")) {
            plain = source.readAllBytes();
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(plain);
            }
            gzipped = zipped.toByteArray();
            etag = "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(plain), 0, 8) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tracker script", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Bytes of the script as served compressed: what a page downloads. */
    int gzippedSize() {
        return gzipped.length;
    }

    Mono<ServerResponse> serve(ServerRequest request) {
        if (request.headers().header(HttpHeaders.IF_NONE_MATCH).stream().anyMatch(tag -> tag.contains(etag))) {
            return ServerResponse.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .cacheControl(CACHE)
                    .build();
        }
        boolean gzip = request.headers().header(HttpHeaders.ACCEPT_ENCODING).stream()
                .anyMatch(
                        accepted -> accepted.toLowerCase(java.util.Locale.ROOT).contains("gzip"));
        ServerResponse.BodyBuilder response = ServerResponse.ok()
                .contentType(JAVASCRIPT)
                .eTag(etag)
                .cacheControl(CACHE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .header("Cross-Origin-Resource-Policy", "cross-origin");
        if (gzip) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return response.bodyValue(gzip ? gzipped : plain);
    }
}
