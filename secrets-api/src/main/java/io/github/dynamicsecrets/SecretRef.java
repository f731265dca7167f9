package io.github.dynamicsecrets;

import java.util.Objects;

/**
 * A parsed secret name: a path, and optionally a pinned version and a JSON field.
 *
 * <p>Grammar, in full:
 * <pre>
 *   name    = path [ "@" version ] [ "#" field ]
 *   path    = segment *( "/" segment )
 *   segment = 1*( ALPHA / DIGIT / "." / "_" / "-" )   ; but not "." or ".."
 *   version = 1*( ALPHA / DIGIT / "." / "_" / "-" )
 *   field   = 1*( ALPHA / DIGIT / "." / "_" / "-" )
 * </pre>
 * The whole name is at most {@value #MAX_LENGTH} characters. Only ASCII is accepted, so a name
 * reads the same in every store, file system and log. Examples:
 * <pre>{@code
 * SecretRef.parse("db/password");            // path db/password
 * SecretRef.parse("db/creds#password");      // the "password" field of the JSON secret db/creds
 * SecretRef.parse("db/password@AWSPREVIOUS"); // a pinned version (or stage) of db/password
 * SecretRef.parse("db/creds@7#user");         // version 7 of db/creds, field "user"
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; {@link #equals} compares path, version and field.
 */
public final class SecretRef {

    /** The longest name accepted, selectors included. */
    public static final int MAX_LENGTH = 512;

    private final String path;
    private final String version;
    private final String field;

    private SecretRef(String path, String version, String field) {
        this.path = path;
        this.version = version;
        this.field = field;
    }

    /**
     * Parses a name.
     *
     * @param name a name such as {@code db/password}, {@code db/creds#password} or
     *     {@code db/password@3}
     * @return the parsed reference
     * @throws InvalidSecretNameException if the name does not follow the grammar; the message
     *     says which rule was broken and where
     */
    public static SecretRef parse(String name) {
        if (name == null) {
            throw new InvalidSecretNameException(null, "the name is null");
        }
        if (name.isEmpty()) {
            throw new InvalidSecretNameException(name, "the name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidSecretNameException(
                    name, "the name has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        int hash = name.indexOf('#');
        int at = name.indexOf('@');
        if (hash >= 0 && at > hash) {
            throw new InvalidSecretNameException(name, "a version ('@') must come before a field ('#')");
        }
        int pathEnd = at >= 0 ? at : hash >= 0 ? hash : name.length();
        String path = name.substring(0, pathEnd);
        String version = null;
        String field = null;
        if (at >= 0) {
            version = name.substring(at + 1, hash >= 0 ? hash : name.length());
            checkToken(name, version, "version", at + 1);
        }
        if (hash >= 0) {
            field = name.substring(hash + 1);
            checkToken(name, field, "field", hash + 1);
        }
        checkPath(name, path);
        return new SecretRef(path, version, field);
    }

    /**
     * Whether {@code name} follows the grammar; never throws.
     *
     * @param name any string, or {@code null}
     * @return {@code true} if {@link #parse} would accept it
     */
    public static boolean isValid(String name) {
        try {
            parse(name);
            return true;
        } catch (InvalidSecretNameException e) {
            return false;
        }
    }

    private static void checkPath(String name, String path) {
        if (path.isEmpty()) {
            throw new InvalidSecretNameException(name, "the path is empty");
        }
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String segment = path.substring(start, i);
                if (segment.isEmpty()) {
                    throw new InvalidSecretNameException(name, "empty segment at index " + start);
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw new InvalidSecretNameException(name, "segment '" + segment + "' at index " + start + " is not allowed");
                }
                start = i + 1;
            } else {
                checkChar(name, path.charAt(i), i);
            }
        }
    }

    private static void checkToken(String name, String token, String what, int offset) {
        if (token.isEmpty()) {
            throw new InvalidSecretNameException(name, "the " + what + " after index " + (offset - 1) + " is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            checkChar(name, token.charAt(i), offset + i);
        }
    }

    private static void checkChar(String name, char c, int index) {
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
        if (!ok) {
            String shown = c < 0x20 || c == 0x7f || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
            throw new InvalidSecretNameException(
                    name, "character " + shown + " at index " + index + " is not allowed; use A-Z a-z 0-9 . _ -");
        }
    }

    /**
     * The path, for example {@code db/creds} for {@code db/creds@3#user}.
     *
     * @return the path, never empty
     */
    public String path() {
        return path;
    }

    /**
     * The pinned version or stage, or {@code null} for the current version.
     *
     * @return the version after {@code @}, or {@code null}
     */
    public String version() {
        return version;
    }

    /**
     * The JSON field selected with {@code #}, or {@code null} for the whole secret.
     *
     * @return the field name, or {@code null}
     */
    public String field() {
        return field;
    }

    /**
     * This reference without its field: what a provider is asked for.
     *
     * @return a reference with the same path and version and no field
     */
    public SecretRef withoutField() {
        return field == null ? this : new SecretRef(path, version, null);
    }

    /**
     * This reference without version and field: the secret as a store knows it.
     *
     * @return a reference with only the path
     */
    public SecretRef pathOnly() {
        return version == null && field == null ? this : new SecretRef(path, null, null);
    }

    /**
     * The path split into its segments.
     *
     * @return the segments, in order
     */
    public String[] segments() {
        return path.split("/");
    }

    /** Returns the canonical name, {@code path[@version][#field]}, which {@link #parse} accepts. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(path);
        if (version != null) {
            sb.append('@').append(version);
        }
        if (field != null) {
            sb.append('#').append(field);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SecretRef)) {
            return false;
        }
        SecretRef other = (SecretRef) o;
        return path.equals(other.path) && Objects.equals(version, other.version) && Objects.equals(field, other.field);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, version, field);
    }
}
