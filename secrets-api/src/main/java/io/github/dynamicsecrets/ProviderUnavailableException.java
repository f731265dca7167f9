package io.github.dynamicsecrets;

/**
 * A store could not answer: it is down, unreachable, throttling, or timed out, and no cached
 * value fresh enough was there to serve instead. Retrying later may succeed.
 */
public class ProviderUnavailableException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    /**
     * Creates the exception.
     *
     * @param provider the provider that failed
     * @param message what failed; never a secret value
     * @param cause the underlying failure, or {@code null}
     */
    public ProviderUnavailableException(String provider, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider;
    }

    /**
     * The provider that failed.
     *
     * @return the provider's name
     */
    public String provider() {
        return provider;
    }
}
