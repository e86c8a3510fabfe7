package io.eventlens.app.http;

import io.micrometer.context.ContextRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Hooks;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Puts {@link UnreadableRequests} right behind the HTTP decoder of every connection, {@link LingeringClose} next to
 * its socket, a 400 for media-type headers that do not parse ({@link UnparseableMediaTypes}), and a request id on
 * every request ({@link RequestIds}) and, with structured logs on, on every log line written for it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(HttpServer.class)
final class HttpServerAutoConfiguration {

    /**
     * Log lines carry the request id through Reactor's automatic context propagation, which costs on every operator
     * of every request: it is turned on only with structured logs (logging.structured.format.console or .file),
     * where lines are read by machines that join them by id.
     */
    @Bean
    RequestIds eventlensRequestIds(Environment environment) {
        if (environment.containsProperty("logging.structured.format.console")
                || environment.containsProperty("logging.structured.format.file")
                || environment.getProperty("eventlens.logging.request-ids", Boolean.class, false)) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdAccessor());
            Hooks.enableAutomaticContextPropagation();
        }
        return new RequestIds();
    }

    @Bean
    UnparseableMediaTypes eventlensUnparseableMediaTypes() {
        return new UnparseableMediaTypes();
    }

    @Bean
    NettyServerCustomizer eventlensUnreadableRequests() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            // Runs after Reactor Netty's own setup; only HTTP/1.1 connections have this codec.
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(NettyPipeline.HttpCodec, "eventlens.unreadableRequests", new UnreadableRequests());
            }
        });
    }

    @Bean
    NettyServerCustomizer eventlensLingeringClose() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            // Next to the socket (behind TLS, when there is TLS), so it sees raw input and the final close.
            if (channel.pipeline().get(NettyPipeline.SslHandler) != null) {
                channel.pipeline().addAfter(NettyPipeline.SslHandler, "eventlens.lingeringClose", new LingeringClose());
            } else {
                channel.pipeline().addFirst("eventlens.lingeringClose", new LingeringClose());
            }
        });
    }
}
