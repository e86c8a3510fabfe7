package io.eventlens.app.access;

import io.eventlens.app.EventLensProperties;
import io.eventlens.core.access.ApiKeys;
import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.KeyAdministration;
import io.eventlens.core.access.ProjectDirectory;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Wires API keys: who a request's key belongs to, key management, and the demo project's keys. */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
final class AccessAutoConfiguration {

    @Bean
    Authenticator eventlensAuthenticator(
            ApiKeys keys, SecurityProperties properties, EventLensProperties eventLens, ObjectProvider<Clock> clock) {
        return new Authenticator(
                keys,
                AdminToken.resolve(properties, eventLens.dataDir()),
                properties.keyCacheTtl(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    KeyAdministration eventlensKeyAdministration(
            ProjectDirectory projects, ApiKeys keys, Authenticator authenticator, ObjectProvider<Clock> clock) {
        return new KeyAdministration(projects, keys, authenticator, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(initMethod = "install")
    DemoKeys eventlensDemoKeys(
            KeyAdministration administration,
            ApiKeys keys,
            SecurityProperties properties,
            EventLensProperties eventLens) {
        return new DemoKeys(administration, keys, properties, eventLens.dataDir());
    }
}
