package io.eventlens.app.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request the HTTP decoder could not read (a request line or headers over the limits, a malformed head)
 * with 414, 431 or 400 and closes the connection, the answer Reactor Netty gives too. It answers them itself because
 * Reactor Netty 1.3.8 hands the answer to the previous request's exchange when that one has not quite ended, which on
 * a kept-alive connection sends nothing: the client waits forever (1 such request in 5 in a tight loop, 1 in 200
 * under the fuzzer).
 */
final class UnreadableRequests extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof HttpRequest request)
                || !request.decoderResult().isFailure()) {
            ctx.fireChannelRead(message);
            return;
        }
        Throwable cause = request.decoderResult().cause();
        ReferenceCountUtil.release(message);
        HttpResponseStatus status = switch (cause) {
            case TooLongHttpLineException e -> HttpResponseStatus.REQUEST_URI_TOO_LONG;
            case TooLongHttpHeaderException e -> HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // The decoder reads nothing more of this connection, so nothing else can be answered on it.
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
