package io.eventlens.gatling;

import java.time.Duration;

/**
 * A simulation's knobs, read from system properties ({@code -Dname=value}) so one command runs the full scenario and
 * the smoke tests run the same code in seconds. Defaults are the full run's sizes and targets.
 */
final class RunSettings {

    private RunSettings() {}

    /** Where the app answers, {@code -DbaseUrl}; {@code http://localhost:8080} by default. */
    static String baseUrl() {
        String url = text("baseUrl", "http://localhost:8080");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The API key every request sends, {@code -DapiKey}: an admin key of the project under load (it may both ingest
     * and query). Raise the project's limits too ({@code setProjectLimits}), or the run measures the limiter.
     */
    static String apiKey() {
        return text("apiKey", "");
    }

    /** The {@code Authorization} header value of {@link #apiKey()}. */
    static String authorization() {
        return "Bearer " + apiKey();
    }

    static String text(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int integer(String name, int fallback) {
        return (int) number(name, fallback);
    }

    static long number(String name, long fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number: " + value, e);
        }
    }

    /** A duration in seconds. */
    static Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(number(name, fallback));
    }
}
