package io.github.dynamicsecrets;

import java.util.List;

/** No provider in the chain has the secret. The message names every provider that was asked. */
public class SecretNotFoundException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String[] providersTried; // an array: exceptions are Serializable, List is not declared so

    /**
     * Creates the exception.
     *
     * @param name the secret's name
     * @param providersTried the providers asked, in the order they were asked
     */
    public SecretNotFoundException(String name, List<String> providersTried) {
        this(name, providersTried, null);
    }

    /**
     * Creates the exception with extra detail, such as a missing JSON field.
     *
     * @param name the secret's name
     * @param providersTried the providers asked, in order
     * @param detail more explanation, or {@code null}; never a secret value
     */
    public SecretNotFoundException(String name, List<String> providersTried, String detail) {
        super("Secret '" + name + "' was not found; providers tried in order: " + providersTried
                + (detail == null ? "" : "; " + detail));
        this.name = name;
        this.providersTried = providersTried.toArray(new String[0]);
    }

    /**
     * The secret's name.
     *
     * @return the name that was asked for
     */
    public String name() {
        return name;
    }

    /**
     * The providers asked, in order.
     *
     * @return an immutable list of provider names
     */
    public List<String> providersTried() {
        return List.of(providersTried);
    }
}
