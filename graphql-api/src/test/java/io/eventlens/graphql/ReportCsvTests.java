package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV lines follow RFC 4180 and print numbers plainly. */
class ReportCsvTests {

    @Test
    void quotesFieldsThatNeedItAndDoublesQuotes() {
        assertThat(ReportCsv.field("plain")).isEqualTo("plain");
        assertThat(ReportCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ReportCsv.field(null)).isEmpty();
    }

    @Test
    void printsNumbersWithoutExponentOrTrailingZeros() {
        assertThat(ReportCsv.number(12.0)).isEqualTo("12");
        assertThat(ReportCsv.number(12.5)).isEqualTo("12.5");
        assertThat(ReportCsv.number(1.0e10)).isEqualTo("10000000000");
        assertThat(ReportCsv.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ReportCsv.number(null)).isNull();
    }

    @Test
    void writesAHeaderAndOneCrlfLinePerRow() {
        Report report = new Report(
                List.of("country", "events", "revenue"), List.of(), List.of(3.0, 1.5), QueryMeta.exactFromEvents());
        ReportRow row = new ReportRow(
                OffsetDateTime.parse("2026-05-01T00:00+02:00"), Arrays.asList((String) null), Arrays.asList(3.0, null));

        assertThat(ReportCsv.header(report)).isEqualTo("bucket,country,events,revenue\r\n");
        assertThat(ReportCsv.row(row)).isEqualTo("2026-05-01T00:00+02:00,,3,\r\n");
    }
}
