package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.DescribedNode;
import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The schema documents itself: every type, field, argument, input field and enum value has a description. */
class SchemaDescriptionTests {

    @Test
    void everyElementOfTheSchemaIsDescribed() throws IOException {
        TypeDefinitionRegistry registry = registry();
        List<String> undescribed = new ArrayList<>();
        registry.scalars().values().stream()
                .filter(s -> !s.getName().matches("Int|Float|String|Boolean|ID"))
                .filter(s -> blank(s.getDescription()))
                .forEach(s -> undescribed.add(s.getName()));
        for (TypeDefinition<?> type : registry.types().values()) {
            check(
                    undescribed,
                    type.getName(),
                    type instanceof DescribedNode<?> described ? described.getDescription() : null);
            switch (type) {
                case ObjectTypeDefinition object -> {
                    for (FieldDefinition field : object.getFieldDefinitions()) {
                        check(undescribed, type.getName() + "." + field.getName(), field.getDescription());
                        for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                            check(
                                    undescribed,
                                    type.getName() + "." + field.getName() + "(" + argument.getName() + ")",
                                    argument.getDescription());
                        }
                    }
                }
                case InputObjectTypeDefinition input ->
                    input.getInputValueDefinitions()
                            .forEach(f -> check(undescribed, type.getName() + "." + f.getName(), f.getDescription()));
                case EnumTypeDefinition enumType ->
                    enumType.getEnumValueDefinitions()
                            .forEach(v -> check(undescribed, type.getName() + "." + v.getName(), v.getDescription()));
                default -> {}
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void theFixedContractIsPresent() throws IOException {
        TypeDefinitionRegistry registry = registry();
        ObjectTypeDefinition query =
                registry.getType("Query", ObjectTypeDefinition.class).orElseThrow();
        assertThat(query.getFieldDefinitions())
                .extracting(FieldDefinition::getName)
                .containsExactly("report", "overview", "events", "catalog");
        ObjectTypeDefinition mutation =
                registry.getType("Mutation", ObjectTypeDefinition.class).orElseThrow();
        assertThat(mutation.getFieldDefinitions())
                .extracting(FieldDefinition::getName)
                .containsExactly("ingest");
        InputObjectTypeDefinition input =
                registry.getType("ReportInput", InputObjectTypeDefinition.class).orElseThrow();
        // The fixed fields come first; optional extensions (issue 3) may follow.
        assertThat(input.getInputValueDefinitions())
                .extracting(InputValueDefinition::getName)
                .startsWith(
                        "metrics", "dimensions", "filters", "from", "to", "granularity", "timezone", "orderBy", "limit")
                .contains("includeOthers", "compare");
        EnumTypeDefinition ops =
                registry.getType("FilterOp", EnumTypeDefinition.class).orElseThrow();
        assertThat(ops.getEnumValueDefinitions())
                .extracting(v -> v.getName())
                .containsExactly("EQ", "NEQ", "IN", "NOT_IN", "CONTAINS", "GT", "GTE", "LT", "LTE");
    }

    private static TypeDefinitionRegistry registry() throws IOException {
        try (Reader reader = new InputStreamReader(
                new ClassPathResource("graphql/schema.graphqls").getInputStream(), StandardCharsets.UTF_8)) {
            return new SchemaParser().parse(reader);
        }
    }

    private static void check(List<String> undescribed, String element, @Nullable Description description) {
        if (blank(description)) {
            undescribed.add(element);
        }
    }

    private static boolean blank(@Nullable Description description) {
        return description == null || description.getContent().isBlank();
    }
}
