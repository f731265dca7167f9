package io.github.dynamicsecrets;

/**
 * A registered {@link RotationListener}. Cancelling is idempotent and thread-safe; a listener
 * may still receive an event that was already being delivered when {@link #cancel()} ran.
 */
public interface Subscription extends AutoCloseable {

    /** Stops delivery to the listener. */
    void cancel();

    /** Same as {@link #cancel()}, so a subscription can live in try-with-resources. */
    @Override
    default void close() {
        cancel();
    }
}
