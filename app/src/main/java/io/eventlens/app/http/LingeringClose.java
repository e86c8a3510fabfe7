package io.eventlens.app.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ends a WebSocket connection the way servers end one whose client may still be sending (a "lingering close"): it
 * half-closes (the close frame already written, then FIN), reads and discards what still arrives until the client
 * closes its side or {@link #LINGER_MILLIS} pass, and only then closes the socket.
 *
 * <p>Reactor Netty closes the socket right after the server's close frame. Data the client sent meanwhile then sits
 * unread in the server's socket, the kernel answers it with a reset, and a reset makes the client's kernel discard
 * the close frame it has not read yet: the client sees "connection reset" or "broken pipe" instead of the close code
 * (4400, 4401, ...) that tells it what to fix. It sits first in the pipeline so that it sees the socket's bytes
 * before any decoder and the close after every other handler.
 */
final class LingeringClose extends ChannelDuplexHandler {

    /** Long enough for a client's close frame to cross a slow network; short enough not to hold sockets. */
    static final long LINGER_MILLIS = 2_000;

    private @Nullable ChannelPromise lingering;
    private @Nullable ScheduledFuture<?> deadline;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (lingering != null) {
            lingering.addListener(closed -> promise.trySuccess());
            return;
        }
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !shouldLinger(ctx, duplex)) {
            ctx.close(promise);
            return;
        }
        lingering = promise;
        duplex.shutdownOutput().addListener(shutdown -> {
            if (!shutdown.isSuccess()) {
                endNow(ctx);
            }
        });
        deadline = ctx.executor().schedule(() -> endNow(ctx), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    /** Only an open WebSocket whose output is all written: anything else closes as it always did. */
    private static boolean shouldLinger(ChannelHandlerContext ctx, DuplexChannel channel) {
        ChannelOutboundBuffer unwritten = channel.unsafe().outboundBuffer();
        return channel.isActive()
                && !channel.isInputShutdown()
                && !channel.isOutputShutdown()
                && (unwritten == null || unwritten.isEmpty())
                && ctx.pipeline().get(WebSocketFrameEncoder.class) != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (lingering != null) {
            ReferenceCountUtil.release(message); // the connection is ending: nothing more is answered
            return;
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // The client closed its side (Netty closes the channel at end of input) or the socket failed.
        if (lingering != null) {
            endNow(ctx);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (lingering != null && event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            endNow(ctx); // with half-closure allowed, the client's end of input arrives as an event
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (lingering != null) {
            endNow(ctx); // a reset while lingering is the client going away: nothing to report
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void endNow(ChannelHandlerContext ctx) {
        ChannelPromise promise = lingering;
        if (promise == null || promise.isDone()) {
            return;
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.close(promise);
    }
}
