package io.eventlens.app.dashboard;

import io.eventlens.app.TestRun;

/**
 * The demo project's keys in these tests: fixed secrets given to the app through {@code eventlens.security.demo-keys}
 * (a server without API keys ignores both the settings and the header). Every class here uses the same properties,
 * so they share one application context, with a data directory of its own beside the other app tests' one.
 */
final class DashboardKeys {

    /** What the page signs in with. */
    static final String READ = "el_read_dashboard-browser-tests-0001";
    /** What the tests send events with, as a producer would. */
    static final String INGEST = "el_ingest_dashboard-browser-tests-0001";

    static final String DATA_DIR_PROPERTY =
            "eventlens.data-dir=target/test-data/" + TestRun.ID_PLACEHOLDER + "/dashboard";
    static final String READ_PROPERTY = "eventlens.security.demo-keys.read=" + READ;
    static final String INGEST_PROPERTY = "eventlens.security.demo-keys.ingest=" + INGEST;

    private DashboardKeys() {}
}
