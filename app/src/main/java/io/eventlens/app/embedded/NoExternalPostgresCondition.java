package io.eventlens.app.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Matches unless {@code eventlens.storage.postgres.host} names an external PostgreSQL. */
final class NoExternalPostgresCondition extends SpringBootCondition {

    static final String HOST_PROPERTY = "eventlens.storage.postgres.host";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String host = context.getEnvironment().getProperty(HOST_PROPERTY);
        return StringUtils.hasText(host)
                ? ConditionOutcome.noMatch(HOST_PROPERTY + " is set to " + host + ": using that PostgreSQL")
                : ConditionOutcome.match(HOST_PROPERTY + " is not set: starting an embedded PostgreSQL");
    }
}
