package io.github.dynamicsecrets;

/**
 * The store refused access: the caller's identity lacks permission, or the secret is disabled,
 * expired or scheduled for deletion. On a read with nothing cached it reaches the caller at once;
 * when a good value is cached the engine keeps serving it, as for any store error, up to
 * {@code secrets.cache.max-stale}, and logs the refusal.
 */
public class SecretAccessDeniedException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String provider;

    /**
     * Creates the exception.
     *
     * @param name the secret's name
     * @param provider the provider that refused
     * @param detail the store's reason (never a value), or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public SecretAccessDeniedException(String name, String provider, String detail, Throwable cause) {
        super("Access to secret '" + name + "' was denied by provider '" + provider + "'"
                + (detail == null ? "" : ": " + detail), cause);
        this.name = name;
        this.provider = provider;
    }

    /**
     * The secret's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The provider that refused.
     *
     * @return the provider's name
     */
    public String provider() {
        return provider;
    }
}
