package io.eventlens.app.fuzz;

/**
 * The keys of the project the fuzzer works in (its limits raised so that requests get past the rate limiter), and
 * a key of another project.
 *
 * @param read may query the fuzz project
 * @param ingest may send events to it
 * @param admin may define metrics and dimensions in it
 * @param stranger a key of another project
 * @param browser a browser key of the fuzz project, bound to {@link CollectRequests#ORIGIN}
 */
record FuzzKeys(String read, String ingest, String admin, String stranger, String browser) {}
