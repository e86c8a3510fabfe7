package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical text of parsed expressions: normalised spelling, needed parentheses only, conversions spelled out. */
class ExpressionPrinterTests {

    private final ExpressionParser parser = new ExpressionParser(ExpressionLimits.defaults());

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            COUNT( )                                          | count()
            Sum(revenue)/uniqueUsers                          | sum(revenue) / uniqueUsers
            (count() where type='purchase')/count()           | (count() where type = 'purchase') / count()
            count() / (count() where type = 'a')              | count() / (count() where type = 'a')
            count() / count() where type = 'a'                | count() / (count() where type = 'a')
            ((a + b)) * (c - d)                               | (a + b) * (c - d)
            a - (b - c) + (d + e)                             | a - (b - c) + (d + e)
            (a - b) + c                                       | a - b + c
            a / (b * c)                                       | a / (b * c)
            - - a                                             | -(-a)
            -(5) * count()                                    | -(5) * count()
            a - -5                                            | a - -5
            -(a + b)                                          | -(a + b)
            -(count() where type = 'a')                       | -(count() where type = 'a')
            quantile(0.5e0, properties.ms)                     | quantile(0.5, number(properties.ms))
            sum(properties.amount) where properties.plan <> 'free' | sum(number(properties.amount)) where text(properties.plan) != 'free'
            count() where properties.a = 1 and (properties.b = 2 or properties.c = 3) | count() where number(properties.a) = 1 and (number(properties.b) = 2 or number(properties.c) = 3)
            count() where (type = 'a' and country = 'DE') or device = 'x' | count() where type = 'a' and country = 'DE' or device = 'x'
            count() where not (type = 'a' or type = 'b')      | count() where not (type = 'a' or type = 'b')
            count() where NOT type IN ('a','b')               | count() where not type in ('a', 'b')
            count() where type NOT IN ('a')                   | count() where type not in ('a')
            count() where userId IS NOT NULL                  | count() where userId is not null
            count() where page CONTAINS 'Pricing'             | count() where page contains 'Pricing'
            count() where properties.trial = TRUE             | count() where boolean(properties.trial) = true
            count() where type = 'it''s'                      | count() where type = 'it''s'
            count() where properties."my key" = 'x'           | count() where text(properties."my key") = 'x'
            sum(revenue * 0.90)                               | sum(revenue * 0.9)
            sum(revenue * 1e21) + 1000000 * count()           | sum(revenue * 1E+21) + 1000000 * count()
            sum(revenue * 0.0000001)                          | sum(revenue * 1E-7)
            """)
    void printsMetricsCanonically(String text, String canonical) {
        String printed = ExpressionPrinter.print(parser.metric(text));
        assertThat(printed).isEqualTo(canonical);
        assertThat(parser.metric(printed)).isEqualTo(parser.metric(canonical));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            properties.plan                                   | text(properties.plan)
            coalesce(properties.plan, 'free')                 | coalesce(text(properties.plan), 'free')
            URL_HOST(referrer)                                | url_host(referrer)
            hour_of_day(timestamp)                            | hour_of_day(timestamp)
            (revenue - 1) * -revenue                          | (revenue - 1) * -revenue
            text(number(properties.x) / 100)                  | text(number(properties.x) / 100)
            """)
    void printsDimensionsCanonically(String text, String canonical) {
        assertThat(ExpressionPrinter.print(parser.dimension(text))).isEqualTo(canonical);
    }
}
