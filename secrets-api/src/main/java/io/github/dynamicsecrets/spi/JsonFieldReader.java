package io.github.dynamicsecrets.spi;

/**
 * Reads one field of a JSON object secret, for {@link io.github.dynamicsecrets.SecretValue#field}.
 * {@code secrets-core} supplies the implementation (on Gson), so the API itself stays free of
 * dependencies. Implementations never put the secret's text into an exception message.
 */
public interface JsonFieldReader {

    /**
     * Extracts a top-level field.
     *
     * @param name the secret's name, for messages
     * @param json the secret's bytes, UTF-8 JSON
     * @param field the key
     * @return the field: a string without quotes, anything else as JSON text, as UTF-8 bytes
     * @throws io.github.dynamicsecrets.SecretNotFoundException if the object lacks the key
     * @throws io.github.dynamicsecrets.SecretsException if the bytes are not a JSON object
     */
    byte[] readField(String name, byte[] json, String field);
}
