package io.eventlens.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrowserOriginsTests {

    @Test
    void originsAreNormalisedAsBrowsersSendThem() {
        assertThat(BrowserOrigins.normalize(List.of(
                        "HTTPS://Shop.Example/",
                        "https://shop.example:443",
                        "http://localhost:3000",
                        "http://[::1]:8080",
                        "http://shop.example:80")))
                .containsExactly(
                        "https://shop.example", "http://localhost:3000", "http://[::1]:8080", "http://shop.example");
    }

    @Test
    void anythingButSchemeHostAndPortIsRefusedNamingTheEntry() {
        for (String origin : List.of(
                "https://*.shop.example",
                "https://shop.example/app",
                "https://shop.example?x",
                "ftp://shop.example",
                "null",
                "shop.example",
                "https://user@shop.example",
                "",
                "https://")) {
            assertThatThrownBy(() -> BrowserOrigins.normalize(List.of("https://ok.example", origin)))
                    .as(origin)
                    .isInstanceOfSatisfying(AccessException.class, e -> {
                        assertThat(e.code()).isEqualTo(AccessException.Code.INVALID_ARGUMENT);
                        assertThat(e.field()).isEqualTo("allowedOrigins[1]");
                    });
        }
        assertThatThrownBy(() -> BrowserOrigins.normalize(Collections.nCopies(21, "https://shop.example")))
                .isInstanceOf(AccessException.class);
    }

    @Test
    void onlyABrowserKeyOfTheOriginAdmitsIt() {
        Caller.ProjectKey browser =
                new Caller.ProjectKey(new ProjectId("shop"), Scope.INGEST, "key_1", List.of("https://shop.example"));
        assertThat(browser.allowsOrigin("https://shop.example")).isTrue();
        assertThat(browser.allowsOrigin("https://SHOP.example:443")).isTrue();
        assertThat(browser.allowsOrigin("https://shop.example.evil.example")).isFalse();
        assertThat(browser.allowsOrigin("http://shop.example")).isFalse();
        assertThat(browser.allowsOrigin("null")).isFalse();
        assertThat(browser.allowsOrigin(null)).isFalse();
        assertThat(new Caller.ProjectKey(new ProjectId("shop"), Scope.INGEST, "key_2")
                        .allowsOrigin("https://shop.example"))
                .isFalse();
    }

    @Test
    void onlyIngestKeysMayHaveOrigins() {
        assertThatThrownBy(() -> new ApiKey(
                        "key_1",
                        new ProjectId("shop"),
                        Scope.READ,
                        "",
                        "el_read_x",
                        Instant.EPOCH,
                        null,
                        List.of("https://shop.example")))
                .isInstanceOfSatisfying(
                        AccessException.class, e -> assertThat(e.field()).isEqualTo("allowedOrigins"));
    }
}
