package io.github.dynamicsecrets;

/**
 * The configuration is wrong. The message names the key, the value found, and what would be
 * valid, so the fix can be made from the message alone.
 */
public class SecretsConfigurationException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception for one key.
     *
     * @param key the configuration key, for example {@code secrets.cache.refresh}
     * @param message the whole message: the key, the bad value and what is valid
     */
    public SecretsConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * Creates the exception for one key, with a cause.
     *
     * @param key the configuration key
     * @param message the whole message
     * @param cause the underlying failure
     */
    public SecretsConfigurationException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /**
     * The key at fault.
     *
     * @return the dotted key, or {@code null} when no single key is at fault
     */
    public String key() {
        return key;
    }
}
