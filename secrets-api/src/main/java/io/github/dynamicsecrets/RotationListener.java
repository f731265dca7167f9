package io.github.dynamicsecrets;

/**
 * Told when a secret gets a new version. Each listener runs on its own serial lane of a shared
 * executor: a slow or throwing listener delays only itself, and it sees versions in order,
 * each exactly once. An exception thrown here is logged (without values) and dropped.
 *
 * <pre>{@code
 * Subscription s = Secrets.onRotation("db/password", rotation ->
 *     pool.setPassword(rotation.current().asString()));
 * }</pre>
 */
@FunctionalInterface
public interface RotationListener {

    /**
     * Called once for each new version.
     *
     * @param rotation the previous and the current value
     */
    void onRotation(SecretRotation rotation);
}
