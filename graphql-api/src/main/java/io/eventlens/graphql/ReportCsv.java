package io.eventlens.graphql;

import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A report as RFC 4180 CSV: a header row {@code bucket,<dimensions>,<metrics>}, then one line per report row, CRLF
 * line ends. Missing values are empty fields; numbers are plain decimals (no exponent, no trailing {@code .0}).
 */
final class ReportCsv {

    private ReportCsv() {}

    static String header(Report report) {
        List<String> fields = new ArrayList<>();
        fields.add("bucket");
        fields.addAll(report.columns());
        return line(fields);
    }

    static String row(ReportRow row) {
        List<@Nullable String> fields = new ArrayList<>();
        fields.add(row.bucket() == null ? null : row.bucket().toString());
        fields.addAll(row.dimensions());
        row.values().forEach(v -> fields.add(number(v)));
        return line(fields);
    }

    static @Nullable String number(@Nullable Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String line(List<? extends @Nullable String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /** Quotes a field that holds a comma, quote or line break, doubling its quotes (RFC 4180, rules 6 and 7). */
    static String field(@Nullable String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
