package io.eventlens.realtime;

import graphql.ExecutionResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * One live execution shared by every subscriber of the same subscription on this instance. Each result is encoded
 * once as the JSON of a graphql-transport-ws {@code next} payload and left in every member's {@link Outbox.Slot}; a
 * member that joins late gets the latest result at once. The last member to leave stops the execution; an execution
 * that ends ends every member the same way (complete or error).
 */
final class Broadcast {

    private final Flux<ExecutionResult> execution;
    private final JsonMapper json;
    private final Consumer<Broadcast> onOver;
    private final Disposable.Swap running = Disposables.swap();
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final List<Outbox.Slot> members = new ArrayList<>();
    private byte @Nullable [] latest;
    private boolean started;
    private boolean over;

    /** @param onOver called once when no one can join any more (the registry forgets this broadcast) */
    Broadcast(Flux<ExecutionResult> execution, JsonMapper json, Consumer<Broadcast> onOver) {
        this.execution = execution;
        this.json = json;
        this.onOver = onOver;
    }

    /**
     * A member's subscription: it emits nothing itself (results go to {@code slot}) and ends when the execution
     * does; cancelling it leaves. Null when this broadcast is already over: start another.
     */
    @Nullable
    Flux<ExecutionResult> join(Outbox.Slot slot) {
        boolean first;
        boolean stashed = false;
        synchronized (this) {
            if (over) {
                return null;
            }
            members.add(slot);
            first = !started;
            started = true;
            if (latest != null) {
                stashed = slot.stash(latest);
            }
        }
        if (stashed) {
            slot.outbox().drain();
        }
        if (first) {
            running.update(execution.subscribe(this::publish, this::fail, this::complete));
        }
        return ended.asMono().<ExecutionResult>thenMany(Flux.empty()).doFinally(signal -> leave(slot, signal));
    }

    private void publish(ExecutionResult result) {
        byte[] payload = json.writeValueAsBytes(result.toSpecification());
        Set<Outbox> toDrain = Collections.newSetFromMap(new IdentityHashMap<>());
        synchronized (this) {
            if (over) {
                return;
            }
            latest = payload;
            for (Outbox.Slot member : members) {
                if (member.stash(payload)) {
                    toDrain.add(member.outbox());
                }
            }
        }
        // Outside the lock: sending may run the handler, which may let another subscriber join.
        toDrain.forEach(Outbox::drain);
    }

    private void fail(Throwable failure) {
        if (endMembers()) {
            ended.tryEmitError(failure);
        }
    }

    private void complete() {
        if (endMembers()) {
            ended.tryEmitEmpty();
        }
    }

    private boolean endMembers() {
        synchronized (this) {
            if (over) {
                return false;
            }
            over = true;
            members.forEach(Outbox.Slot::end);
        }
        onOver.accept(this);
        return true;
    }

    private void leave(Outbox.Slot slot, SignalType signal) {
        if (signal == SignalType.CANCEL) {
            slot.cancel();
        } else {
            slot.end();
        }
        boolean last;
        synchronized (this) {
            members.remove(slot);
            last = members.isEmpty() && !over;
            over |= last;
        }
        if (last) {
            running.dispose();
            onOver.accept(this);
        }
    }
}
