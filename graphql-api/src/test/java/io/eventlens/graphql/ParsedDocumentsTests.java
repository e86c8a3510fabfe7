package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each distinct document parsed once, and run with each request's own variables. */
class ParsedDocumentsTests {

    private final ParsedDocuments documents = new ParsedDocuments(100);
    private final AtomicInteger parses = new AtomicInteger();
    private final Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
        parses.incrementAndGet();
        return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
    };

    @Test
    void aDocumentIsParsedOnceWhateverItsVariables() {
        PreparsedDocumentEntry first = entry("query Q($x: Int) { a(x: $x) }", Map.of("x", 1));
        PreparsedDocumentEntry second = entry("query Q($x: Int) { a(x: $x) }", Map.of("x", 2));
        entry("{ b }", Map.of());

        assertThat(second.getDocument()).isSameAs(first.getDocument());
        assertThat(parses).hasValue(2);
        assertThat(documents.size()).isEqualTo(2);
    }

    @Test
    void anInvalidDocumentKeepsItsErrors() {
        Function<ExecutionInput, PreparsedDocumentEntry> invalid = input -> {
            parses.incrementAndGet();
            return new PreparsedDocumentEntry(ValidationError.newValidationError()
                    .validationErrorType(ValidationErrorType.FieldUndefined)
                    .description("no field c")
                    .build());
        };
        ExecutionInput input = ExecutionInput.newExecutionInput("{ c }").build();

        documents.getDocumentAsync(input, invalid).join();
        PreparsedDocumentEntry again =
                documents.getDocumentAsync(input, invalid).join();

        assertThat(again.hasErrors()).isTrue();
        assertThat(again.getErrors())
                .singleElement()
                .extracting(error -> error.getMessage())
                .asString()
                .contains("no field c");
        assertThat(parses).hasValue(1);
    }

    @Test
    void aCachedDocumentRunsWithEachRequestsOwnVariables() {
        var schema = new SchemaGenerator()
                .makeExecutableSchema(
                        new SchemaParser().parse("type Query { echo(text: String!): String }"),
                        RuntimeWiring.newRuntimeWiring()
                                .type("Query", type -> type.dataFetcher("echo", env -> env.<String>getArgument("text")))
                                .build());
        GraphQL graphQl =
                GraphQL.newGraphQL(schema).preparsedDocumentProvider(documents).build();
        String query = "query Echo($text: String!) { echo(text: $text) }";

        Object one = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(Map.of("text", "one")))
                .getData();
        Object two = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(Map.of("text", "two")))
                .getData();

        assertThat(one).isEqualTo(Map.of("echo", "one"));
        assertThat(two).isEqualTo(Map.of("echo", "two"));
        assertThat(documents.size()).isEqualTo(1);
    }

    private PreparsedDocumentEntry entry(String query, Map<String, Object> variables) {
        return documents
                .getDocumentAsync(
                        ExecutionInput.newExecutionInput(query)
                                .variables(variables)
                                .build(),
                        parse)
                .join();
    }
}
