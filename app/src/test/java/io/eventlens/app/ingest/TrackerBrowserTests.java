package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.access.Client;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.EventStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.test.StepVerifier;

/**
 * The website tracker in Debian's headless Chromium: a page on another origin with the one-line snippet, a
 * single-page-app navigation, a custom event and closing the page store each event once, with what the server adds
 * (visitor, device, browser, OS) and what the page knows (referrer, UTM); the events show in the dashboard. The same
 * page on an origin the key is not bound to is refused and stores nothing, and a page asking to honour Do-Not-Track
 * sends nothing when the browser asks for it.
 */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackerBrowserTests {

    /** A desktop Chrome on Linux, as a visitor's browser says (headless Chromium's own User-Agent is a robot's). */
    static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";

    @LocalServerPort
    int port;

    @Autowired
    EventStorage storage;

    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void startBrowser() {
        // No browser download, ever: Debian's Chromium is the browser (installed by .ci/run when missing).
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-background-networking")));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void theSnippetRecordsEachPageViewNavigationAndCustomEventOnceFromItsOriginOnly() throws InterruptedException {
        Client client = new Client(port);
        Client.Tenant tenant =
                client.newProject("site-" + UUID.randomUUID().toString().substring(0, 8));
        try (TrackedSite site = new TrackedSite("http://localhost:" + port + "/js/eventlens.js")) {
            // One server, two origins: the key is bound to the site as reached at 127.0.0.1 only.
            String allowed = "http://127.0.0.1:" + site.port();
            String refused = "http://localhost:" + site.port();
            site.key(client.data(tenant.admin(), """
                    mutation($o: [String!]) { createApiKey(input: {scope: INGEST, allowedOrigins: $o}) { secret } }""", Map.of("o", List.of(allowed)))
                    .path("createApiKey")
                    .path("secret")
                    .asString());

            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setUserAgent(CHROME));
            Page page = context.newPage();
            page.onConsoleMessage(message -> System.out.println("browser console: " + message.text()));
            page.navigate(
                    allowed + "/?utm_source=newsletter&utm_campaign=winter",
                    new Page.NavigateOptions().setReferer("https://news.example/"));
            awaitStored(tenant.id(), 1);
            page.click("#pricing"); // a single-page-app navigation: history.pushState
            awaitStored(tenant.id(), 2);
            page.click("#signup");
            // Closed at once: the custom event still leaves, in a beacon sent as the page goes.
            page.close(new Page.CloseOptions().setRunBeforeUnload(true));
            awaitStored(tenant.id(), 3);
            context.close();

            // On an origin the key is not bound to, the browser's requests are refused.
            List<Integer> answers = new CopyOnWriteArrayList<>();
            BrowserContext elsewhere = browser.newContext(new Browser.NewContextOptions().setUserAgent(CHROME));
            Page other = elsewhere.newPage();
            other.onResponse(response -> {
                if (response.url().contains("/v1/collect")) {
                    answers.add(response.status());
                }
            });
            other.navigate(refused + "/");
            other.click("#signup");
            Thread.sleep(1_500); // well past the tracker's 250 ms batching
            elsewhere.close();
            // The beacon left and was refused: the server saw the page's origin and stored nothing.
            assertThat(answers).isNotEmpty().allMatch(status -> status == 403);

            // A page asking to honour Do-Not-Track, in a browser that sends it: nothing leaves.
            BrowserContext dntContext = browser.newContext(new Browser.NewContextOptions().setUserAgent(CHROME));
            dntContext.addInitScript("Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})");
            Page dnt = dntContext.newPage();
            dnt.navigate(allowed + "/dnt/");
            dnt.click("#signup");
            Thread.sleep(1_500);
            dntContext.close();
        }

        List<Event> stored = stored(tenant.id());
        assertThat(stored).extracting(Event::type).containsExactlyInAnyOrder("page_view", "page_view", "signup");
        assertThat(stored.stream().map(Event::page).collect(Collectors.toSet())).isEqualTo(Set.of("/", "/pricing"));
        Event landing =
                stored.stream().filter(e -> "/".equals(e.page())).findFirst().orElseThrow();
        assertThat(landing.properties())
                .containsEntry("utm_source", "newsletter")
                .containsEntry("utm_campaign", "winter")
                .containsEntry("hostname", "127.0.0.1");
        Event signup = stored.stream()
                .filter(e -> e.type().equals("signup"))
                .findFirst()
                .orElseThrow();
        assertThat(signup.properties()).containsEntry("plan", "pro");
        assertThat(signup.page()).isEqualTo("/pricing");
        for (Event event : stored) {
            assertThat(event.referrer()).isEqualTo("https://news.example/");
            assertThat(event.device()).isEqualTo("desktop");
            assertThat(event.browser()).isEqualTo("Chrome");
            assertThat(event.os()).isEqualTo("Linux");
            assertThat(event.userId())
                    .startsWith("v_")
                    .isEqualTo(stored.getFirst().userId());
            assertThat(event.sessionId()).isEqualTo(event.userId());
        }

        // The built-in dashboard shows them: the overview of the project's read key counts exactly these.
        BrowserContext dashboard = browser.newContext();
        dashboard.addInitScript("sessionStorage.setItem('eventlens.key', '" + tenant.read() + "')");
        Page overview = dashboard.newPage();
        overview.navigate("http://localhost:" + port + "/?view=overview");
        overview.waitForFunction(
                "Number(document.querySelector('[data-testid=tile-events]')?.dataset.value) === 3",
                null,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
        dashboard.close();
    }

    /** Waits until the project holds at least {@code count} events (the tracker batches for 250 ms). */
    private void awaitStored(String project, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stored(project).size() < count) {
            assertThat(System.nanoTime())
                    .as("%d events stored within 10 s", count)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private List<Event> stored(String project) {
        List<Event> events = new ArrayList<>();
        storage.events(new EventPageQuery(new ProjectId(project), List.of(), null, null, 1000, null))
                .as(StepVerifier::create)
                .assertNext(page -> events.addAll(page.events()))
                .verifyComplete();
        return events;
    }
}
