package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventlens.core.catalog.BuiltInMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every example in docs/metrics.md parses as what its table says, the named definitions resolve together, and the
 * documented error messages are the real ones: analysts copy from that page.
 */
class DocumentationExamplesTests {

    private static final ExpressionResolver RESOLVER = new ExpressionResolver(ExpressionLimits.defaults());

    /**
     * A table row: the header of its table, its cells without the surrounding backticks, and which cells were
     * code as a whole.
     */
    private record Row(List<String> header, List<String> cells, List<Boolean> code) {}

    private static String text;
    private static List<Row> rows;

    @BeforeAll
    static void readTheDocument() throws IOException {
        // Surefire runs in the module directory; an IDE may run in the repository root.
        Path document = Files.exists(Path.of("docs", "metrics.md"))
                ? Path.of("docs", "metrics.md")
                : Path.of("..", "docs", "metrics.md");
        text = Files.readString(document);
        rows = new ArrayList<>();
        List<String> header = null;
        for (String line : text.lines().toList()) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> raw = Arrays.stream(
                            line.substring(1, line.lastIndexOf('|')).split("\\|"))
                    .map(String::strip)
                    .toList();
            List<Boolean> code = raw.stream()
                    .map(c -> c.length() > 1 && c.startsWith("`") && c.indexOf('`', 1) == c.length() - 1)
                    .toList();
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                cells.add(code.get(i) ? raw.get(i).substring(1, raw.get(i).length() - 1) : raw.get(i));
            }
            if (header == null) {
                header = cells;
            } else if (!cells.getFirst().startsWith("---")) {
                rows.add(new Row(header, cells, code));
            }
        }
    }

    private static List<Row> table(String secondColumn) {
        List<Row> table = rows.stream()
                .filter(r -> r.header().get(1).equals(secondColumn))
                .toList();
        assertThat(table).as("rows under '%s'", secondColumn).isNotEmpty();
        return table;
    }

    @Test
    void everyMetricExampleResolvesWithTheDefinitionsOnThePage() {
        Map<String, String> named = new LinkedHashMap<>();
        table("Metric expression").stream()
                .filter(r -> r.header().getFirst().equals("Metric"))
                .forEach(r -> named.put(r.cells().get(0), r.cells().get(1)));
        assertThat(named).hasSizeGreaterThanOrEqualTo(10);
        MetricDefinitions definitions = MetricDefinitions.of(named);
        named.forEach((name, expression) -> {
            assertThat(DefinitionNames.check(name)).isEqualTo(name);
            assertThat(RESOLVER.metric(name, expression, definitions).expression())
                    .isNotNull();
        });
        for (Row row : table("Metric expression")) {
            assertThat(RESOLVER.metric(row.cells().get(1), definitions))
                    .as(row.cells().get(1))
                    .isNotNull();
        }
    }

    @Test
    void everyDimensionExampleResolves() {
        for (Row row : table("Dimension expression")) {
            if (row.header().getFirst().equals("Dimension")) {
                assertThat(DefinitionNames.check(row.cells().getFirst())).isNotNull();
            }
            assertThat(RESOLVER.dimension(row.cells().get(1)))
                    .as(row.cells().get(1))
                    .isNotNull();
        }
    }

    @Test
    void everyConditionExampleParses() {
        for (Row row : table("Condition")) {
            assertThat(RESOLVER.condition(row.cells().get(1)))
                    .as(row.cells().get(1))
                    .isNotNull();
        }
    }

    @Test
    void theDocumentedErrorsAreTheRealOnes() {
        int checked = 0;
        for (Row row :
                rows.stream().filter(r -> r.header().getFirst().equals("Code")).toList()) {
            String example = row.cells().get(1);
            if (!row.code().get(1)) {
                continue; // described in words, e.g. "a = b + 1 with b = a * 2"
            }
            ExpressionException error = catchThrowableOfType(
                    ExpressionException.class, () -> RESOLVER.metric(example, MetricDefinitions.none()));
            assertThat(error).as(example).isNotNull();
            assertThat(error.code().name()).isEqualTo(row.cells().getFirst());
            assertThat(error.getMessage()).startsWith(row.cells().get(2).split("…")[0]);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(7);
    }

    @Test
    void theDocumentedBuiltInsMatchTheirExpressionForms() {
        for (BuiltInMetric metric : BuiltInMetric.values()) {
            if (metric.perSession()) {
                continue; // no expression form
            }
            assertThat(text)
                    .contains(metric.publicName() + " = " + ExpressionPrinter.print(BuiltInExpressions.metric(metric)));
        }
    }
}
