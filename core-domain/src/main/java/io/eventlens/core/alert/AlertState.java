package io.eventlens.core.alert;

/** Where one series of a rule stands. Only entering {@link #FIRING} and leaving it for {@link #OK} notify. */
public enum AlertState {
    /** The condition is clear. */
    OK,
    /** The condition holds, for less than the rule's {@code for} so far. */
    PENDING,
    /** The condition held for {@code for}; a FIRING notification went out. */
    FIRING,
    /** Firing, but the condition is clear, for less than the rule's {@code resolveAfter} so far. */
    RESOLVING
}
