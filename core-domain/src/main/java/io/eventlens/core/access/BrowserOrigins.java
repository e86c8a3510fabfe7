package io.eventlens.core.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The web origins a browser key is bound to, in the form browsers send in the {@code Origin} header:
 * {@code scheme://host[:port]}, lower case, without a default port, path or trailing slash.
 */
public final class BrowserOrigins {

    /** Origins one key may name at most. */
    public static final int MAX_ORIGINS = 20;

    private BrowserOrigins() {}

    /** The origins checked and normalised, duplicates dropped; INVALID_ARGUMENT naming the one at fault. */
    public static List<String> normalize(@Nullable List<String> origins) {
        if (origins == null || origins.isEmpty()) {
            return List.of();
        }
        if (origins.size() > MAX_ORIGINS) {
            throw invalid("at most " + MAX_ORIGINS + " origins per key");
        }
        List<String> normalized = new ArrayList<>(origins.size());
        for (int i = 0; i < origins.size(); i++) {
            String origin = parse(origins.get(i));
            if (origin == null) {
                throw new AccessException(
                        AccessException.Code.INVALID_ARGUMENT,
                        "allowedOrigins[" + i + "]",
                        "allowedOrigins[" + i + "]: an origin is `https://host` or `http://host:port`, as a "
                                + "browser's Origin header names it: no path, no wildcard");
            }
            if (!normalized.contains(origin)) {
                normalized.add(origin);
            }
        }
        return List.copyOf(normalized);
    }

    /** The origin a browser's {@code Origin} header names, normalised; null when it names none (e.g. "null"). */
    public static @Nullable String parse(@Nullable String origin) {
        if (origin == null || origin.length() > 300) {
            return null;
        }
        String text = origin.strip();
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null
                || host == null
                || uri.getRawUserInfo() != null
                || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static AccessException invalid(String problem) {
        return new AccessException(
                AccessException.Code.INVALID_ARGUMENT, "allowedOrigins", "allowedOrigins: " + problem);
    }
}
