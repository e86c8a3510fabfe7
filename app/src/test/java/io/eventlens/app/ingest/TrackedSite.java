package io.eventlens.app.ingest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small website on an origin of its own (a free port of this machine) whose every page is the one-line tracker
 * snippet plus a single-page-app link and a sign-up button; {@code /dnt/...} pages ask the tracker to honour
 * Do-Not-Track. Reached as {@code http://127.0.0.1:port} and as {@code http://localhost:port}: two origins.
 */
final class TrackedSite implements AutoCloseable {

    private final HttpServer server;
    private volatile String key = "";

    TrackedSite(String scriptUrl) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            boolean dnt = exchange.getRequestURI().getPath().startsWith("/dnt");
            byte[] page = """
                    <!doctype html>
                    <html><head><title>Shop</title>
                    <script defer src="%s" data-key="%s"%s></script>
                    </head><body>
                    <a id="pricing" href="/pricing">Pricing</a>
                    <button id="signup">Sign up</button>
                    <script>
                      document.getElementById('pricing').addEventListener('click', (e) => {
                        e.preventDefault(); history.pushState({}, '', '/pricing');
                      });
                      document.getElementById('signup').addEventListener('click', () =>
                        eventlens.track('signup', {plan: 'pro'}));
                    </script>
                    </body></html>
                    """.formatted(scriptUrl, key, dnt ? " data-respect-dnt" : "")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
    }

    /** The key pages embed from now on. */
    void key(String key) {
        this.key = key;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
