package io.eventlens.app.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Matches unless {@code eventlens.redis.url} names an external Redis. */
final class NoExternalRedisCondition extends SpringBootCondition {

    static final String URL_PROPERTY = "eventlens.redis.url";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty(URL_PROPERTY);
        return StringUtils.hasText(url)
                ? ConditionOutcome.noMatch(URL_PROPERTY + " is set to " + url + ": using that Redis")
                : ConditionOutcome.match(URL_PROPERTY + " is not set: starting an embedded Redis");
    }
}
