package io.github.dynamicsecrets;

/**
 * Base of every exception this library throws. Unchecked. Messages name secrets and providers
 * but never contain a secret's value.
 */
public class SecretsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened; never a secret value
     */
    public SecretsException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened; never a secret value
     * @param cause the underlying failure
     */
    public SecretsException(String message, Throwable cause) {
        super(message, cause);
    }
}
