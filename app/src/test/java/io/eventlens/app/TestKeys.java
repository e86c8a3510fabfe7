package io.eventlens.app;

/**
 * The demo project's fixed keys and the server admin token of every test application ({@link EventLensAppTest} sets
 * them through {@code eventlens.security.*}; apps started by hand take {@link #arguments()}).
 */
public final class TestKeys {

    /** May only send events to the demo project. */
    public static final String INGEST = "el_ingest_test-only-demo-ingest-key-0000000000";
    /** May query the demo project. */
    public static final String READ = "el_read_test-only-demo-read-key-000000000000";
    /** May do everything in the demo project. */
    public static final String ADMIN = "el_admin_test-only-demo-admin-key-0000000000";
    /** The server admin token: manages projects and keys. */
    public static final String SERVER = "el_server_test-only-admin-token-000000000000";

    private TestKeys() {}

    /** An {@code Authorization} header value. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }

    /** Command-line arguments giving an app started by hand the same keys. */
    public static String[] arguments() {
        return new String[] {
            "--eventlens.security.admin-token=" + SERVER,
            "--eventlens.security.demo-keys.ingest=" + INGEST,
            "--eventlens.security.demo-keys.read=" + READ,
            "--eventlens.security.demo-keys.admin=" + ADMIN
        };
    }
}
