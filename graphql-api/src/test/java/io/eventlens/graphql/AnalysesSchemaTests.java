package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
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

/** The analyses schema file extends Query with funnel and retention and documents every element it adds. */
class AnalysesSchemaTests {

    @Test
    void addsFunnelAndRetentionToQuery() throws IOException {
        TypeDefinitionRegistry registry = parse("graphql/analyses.graphqls");
        List<ObjectTypeExtensionDefinition> extensions =
                registry.objectTypeExtensions().get("Query");
        assertThat(extensions)
                .singleElement()
                .satisfies(query -> assertThat(query.getFieldDefinitions())
                        .extracting(FieldDefinition::getName)
                        .containsExactly("funnel", "retention"));
    }

    @Test
    void everyElementIsDescribed() throws IOException {
        TypeDefinitionRegistry registry = parse("graphql/analyses.graphqls");
        List<String> undescribed = new ArrayList<>();
        for (ObjectTypeExtensionDefinition query :
                registry.objectTypeExtensions().get("Query")) {
            fields(undescribed, "Query", query.getFieldDefinitions());
        }
        registry.types().values().forEach(type -> {
            switch (type) {
                case ObjectTypeDefinition object -> {
                    check(undescribed, object.getName(), object.getDescription());
                    fields(undescribed, object.getName(), object.getFieldDefinitions());
                }
                case InputObjectTypeDefinition input -> {
                    check(undescribed, input.getName(), input.getDescription());
                    input.getInputValueDefinitions()
                            .forEach(f -> check(undescribed, input.getName() + "." + f.getName(), f.getDescription()));
                }
                case EnumTypeDefinition enumType -> check(undescribed, enumType.getName(), enumType.getDescription());
                default -> undescribed.add("unexpected kind: " + type.getName());
            }
        });
        assertThat(undescribed).isEmpty();
    }

    @Test
    void mergesWithTheMainSchemaWithoutRedefiningAType() throws IOException {
        TypeDefinitionRegistry registry = parse("graphql/schema.graphqls");
        registry.merge(parse("graphql/analyses.graphqls"));
        for (String name : List.of("FilterInput", "Granularity", "QueryMeta", "DateTime", "Long")) {
            assertThat(registry.getType(name).isPresent() || registry.scalars().containsKey(name))
                    .as(name)
                    .isTrue();
        }
    }

    private static void fields(List<String> undescribed, String type, List<FieldDefinition> fields) {
        for (FieldDefinition field : fields) {
            check(undescribed, type + "." + field.getName(), field.getDescription());
            for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                check(
                        undescribed,
                        type + "." + field.getName() + "(" + argument.getName() + ")",
                        argument.getDescription());
            }
        }
    }

    private static TypeDefinitionRegistry parse(String path) throws IOException {
        try (Reader reader =
                new InputStreamReader(new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8)) {
            return new SchemaParser().parse(reader);
        }
    }

    private static void check(List<String> undescribed, String element, @Nullable Description description) {
        if (description == null || description.getContent().isBlank()) {
            undescribed.add(element);
        }
    }
}
