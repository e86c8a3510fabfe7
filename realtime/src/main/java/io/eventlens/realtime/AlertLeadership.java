package io.eventlens.realtime;

/**
 * Whether this instance is the one evaluating alert rules. Exactly one should be at a time; should two overlap for a
 * moment (a paused process whose lease ran out), the store's versioned transitions still let only one notify.
 */
interface AlertLeadership extends AutoCloseable {

    /** Always leading: a single instance without Redis. */
    AlertLeadership ALONE = new AlertLeadership() {
        @Override
        public boolean leading() {
            return true;
        }

        @Override
        public void close() {}
    };

    boolean leading();

    @Override
    void close();
}
