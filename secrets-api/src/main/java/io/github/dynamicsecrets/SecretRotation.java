package io.github.dynamicsecrets;

import java.util.Objects;
import java.util.Optional;

/**
 * A secret changed: the value a listener saw before and the one now served. Delivered exactly
 * once per new version, in version order per listener. {@link #toString()} shows versions only.
 */
public final class SecretRotation {

    private final String name;
    private final SecretValue previous;
    private final SecretValue current;

    /**
     * Creates the event.
     *
     * @param name the name the listener subscribed to
     * @param previous the value served before, or {@code null} if the secret did not exist
     * @param current the value served now
     */
    public SecretRotation(String name, SecretValue previous, SecretValue current) {
        this.name = Objects.requireNonNull(name, "name");
        this.previous = previous;
        this.current = Objects.requireNonNull(current, "current");
    }

    /**
     * The name the listener subscribed to.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value served before this rotation.
     *
     * @return the previous value, or empty if the secret did not exist before
     */
    public Optional<SecretValue> previous() {
        return Optional.ofNullable(previous);
    }

    /**
     * The value served from now on.
     *
     * @return the current value
     */
    public SecretValue current() {
        return current;
    }

    @Override
    public String toString() {
        return "SecretRotation[name=" + name + ", previous=" + (previous == null ? "none" : previous.version())
                + ", current=" + current.version() + "]";
    }
}
