package io.eventlens.app.cache;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.realtime.RedisClients;
import io.eventlens.realtime.RedisEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the report cache in front of the primary storage (the guarded engine), on the Redis every instance shares (the
 * embedded one, or {@code eventlens.redis.url}); without a Redis there is nothing to cache in.
 */
@AutoConfiguration(afterName = "io.eventlens.app.resilience.ResilienceAutoConfiguration")
@ConditionalOnProperty(name = "eventlens.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CacheProperties.class)
final class ReportCacheAutoConfiguration {

    @Bean(destroyMethod = "close")
    @Nullable
    ReportCache reportCache(
            ObjectProvider<RedisEndpoint> endpoint,
            Environment environment,
            ObjectProvider<JsonMapper> json,
            CacheProperties properties,
            ObjectProvider<MeterRegistry> meters,
            RedisClients clients) {
        RedisEndpoint redis = RedisEndpoint.find(endpoint, environment);
        if (redis == null) {
            return null; // no bean: the installer leaves storage as it is
        }
        return ReportCache.connect(
                clients,
                redis,
                json.getIfAvailable(JsonMapper::new),
                properties,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    static BeanPostProcessor reportCacheInstaller(
            ObjectProvider<ReportCache> cache,
            ObjectProvider<CacheProperties> properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        return new Installer(cache, properties, clock, meters);
    }

    /** Wraps the primary storage bean; engines beneath it stay as they are. */
    static final class Installer implements BeanPostProcessor, BeanFactoryAware {

        private final ObjectProvider<ReportCache> cache;
        private final ObjectProvider<CacheProperties> properties;
        private final ObjectProvider<Clock> clock;
        private final ObjectProvider<MeterRegistry> meters;
        private ConfigurableListableBeanFactory beans;

        Installer(
                ObjectProvider<ReportCache> cache,
                ObjectProvider<CacheProperties> properties,
                ObjectProvider<Clock> clock,
                ObjectProvider<MeterRegistry> meters) {
            this.meters = meters;
            this.cache = cache;
            this.properties = properties;
            this.clock = clock;
        }

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beans = (ConfigurableListableBeanFactory) beanFactory;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
            if (!(bean instanceof EventStorage storage)
                    || bean instanceof CachingEventStorage
                    || !beans.containsBeanDefinition(name)
                    || !beans.getBeanDefinition(name).isPrimary()) {
                return bean;
            }
            ReportCache reports = cache.getIfAvailable();
            return reports == null
                    ? bean
                    : new CachingEventStorage(
                            storage,
                            reports,
                            properties.getObject(),
                            clock.getIfAvailable(Clock::systemUTC),
                            meters.getIfAvailable(SimpleMeterRegistry::new));
        }
    }
}
