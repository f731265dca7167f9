package io.github.dynamicsecrets;

/**
 * A name does not follow the grammar of {@link SecretRef}, or a provider cannot represent it in
 * its own naming. The message quotes the name (names are not secret) and says which rule failed.
 */
public class InvalidSecretNameException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * Creates the exception.
     *
     * @param name the rejected name, or {@code null}
     * @param reason which rule it breaks, written for the person who typed it
     */
    public InvalidSecretNameException(String name, String reason) {
        super("Invalid secret name " + quote(name) + ": " + reason);
        this.name = name;
    }

    /**
     * The rejected name.
     *
     * @return the name as given, possibly {@code null}
     */
    public String name() {
        return name;
    }

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        int shown = Math.min(name.length(), 80);
        for (int i = 0; i < shown; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (name.length() > shown) {
            sb.append("...(").append(name.length()).append(" chars)");
        }
        return sb.append('\'').toString();
    }
}
