package io.eventlens.app.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/** Puts {@link UnreadableRequests} right behind the HTTP decoder of every connection. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(HttpServer.class)
final class HttpServerAutoConfiguration {

    @Bean
    NettyServerCustomizer eventlensUnreadableRequests() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            // Runs after Reactor Netty's own setup; only HTTP/1.1 connections have this codec.
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "eventlens.unreadableRequests",
                        new UnreadableRequests());
            }
        });
    }
}
