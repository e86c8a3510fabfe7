package io.eventlens.app.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Shows why the embedded PostgreSQL could not start as Spring Boot's short report instead of a stack trace. */
final class EmbeddedPostgresFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgresUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgresUnavailableException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
