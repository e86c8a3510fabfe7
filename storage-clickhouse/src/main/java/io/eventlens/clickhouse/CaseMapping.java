package io.eventlens.clickhouse;

import java.util.Locale;

/**
 * Unicode lower and upper case as {@code translateUTF8} tables, derived from Java's case mapping so reports agree
 * with the language's definition ({@code toLowerCase(Locale.ROOT)}). Not {@code lowerUTF8}/{@code upperUTF8}: they
 * need ICU, which some ClickHouse builds (chdb-wasm among them) lack. Only one-to-one mappings of the Basic
 * Multilingual Plane are covered; the few that change a string's length (e.g. {@code ß} to {@code SS}) are left as
 * they are, and so is the final-sigma rule.
 */
final class CaseMapping {

    private static final String[] LOWER = table(true);
    private static final String[] UPPER = table(false);

    private CaseMapping() {}

    static String lower(String text, SqlParameters p) {
        return "translateUTF8(" + text + ", " + p.text(LOWER[0]) + ", " + p.text(LOWER[1]) + ")";
    }

    static String upper(String text, SqlParameters p) {
        return "translateUTF8(" + text + ", " + p.text(UPPER[0]) + ", " + p.text(UPPER[1]) + ")";
    }

    /** Whether {@code part} occurs in {@code text}, ignoring case; NULL on either side never matches. */
    static String contains(String text, String part, SqlParameters p) {
        return "ifNull(position(" + lower(text, p) + ", " + lower(part, p) + ") > 0, 0)";
    }

    private static String[] table(boolean toLower) {
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        for (char c = 1; c < Character.MIN_SURROGATE; c++) {
            String single = String.valueOf(c);
            String mapped = toLower ? single.toLowerCase(Locale.ROOT) : single.toUpperCase(Locale.ROOT);
            if (mapped.length() == 1 && mapped.charAt(0) != c && !Character.isSurrogate(mapped.charAt(0))) {
                from.append(c);
                to.append(mapped);
            }
        }
        for (char c = (char) (Character.MAX_SURROGATE + 1); c < Character.MAX_VALUE; c++) {
            String single = String.valueOf(c);
            String mapped = toLower ? single.toLowerCase(Locale.ROOT) : single.toUpperCase(Locale.ROOT);
            if (mapped.length() == 1 && mapped.charAt(0) != c) {
                from.append(c);
                to.append(mapped);
            }
        }
        return new String[] {from.toString(), to.toString()};
    }
}
