package io.github.dynamicsecrets.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versioned map behind {@link InMemorySecretProvider}. Each path holds an immutable slot
 * (its history since it was last created) that writers replace atomically with
 * {@link ConcurrentHashMap#compute}; readers take one slot reference and so always see one
 * consistent version. Values are copied in and never mutated, so readers need no lock.
 */
final class VersionedStore {

    /**
     * Immutable; {@code history.get(i)} is version {@code base + i + 1}. A deleted secret keeps
     * an empty slot whose base continues the numbering, so a version id is never reused.
     */
    private static final class Slot {
        final int base;
        final List<byte[]> history;

        Slot(int base, List<byte[]> history) {
            this.base = base;
            this.history = history;
        }

        boolean live() {
            return !history.isEmpty();
        }

        Versioned at(int version) {
            return new Versioned(version, history.get(version - base - 1));
        }
    }

    /** One version of a value, as read. */
    static final class Versioned {
        final int version;
        final byte[] value;

        Versioned(int version, byte[] value) {
            this.version = version;
            this.value = value;
        }
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    int put(String path, byte[] value, boolean mustExist) {
        byte[] copy = value.clone();
        Slot slot = slots.compute(path, (p, old) -> {
            if (mustExist && (old == null || !old.live())) {
                throw new IllegalStateException("cannot rotate '" + p + "': it does not exist; put it first");
            }
            List<byte[]> history = new ArrayList<>(old == null ? 1 : old.history.size() + 1);
            if (old != null) {
                history.addAll(old.history);
            }
            history.add(copy);
            return new Slot(old == null ? 0 : old.base, List.copyOf(history));
        });
        return slot.base + slot.history.size();
    }

    boolean delete(String path) {
        boolean[] existed = new boolean[1];
        slots.computeIfPresent(path, (p, old) -> {
            existed[0] = old.live();
            return new Slot(old.base + old.history.size(), List.of());
        });
        return existed[0];
    }

    Optional<Versioned> current(String path) {
        Slot slot = slots.get(path);
        if (slot == null || !slot.live()) {
            return Optional.empty();
        }
        return Optional.of(slot.at(slot.base + slot.history.size()));
    }

    /** A pinned version; empty for a deleted secret or a version id that is not one of ours. */
    Optional<Versioned> pinned(String path, String version) {
        Slot slot = slots.get(path);
        int n = parseVersion(version);
        if (slot == null || n <= slot.base || n > slot.base + slot.history.size()) {
            return Optional.empty();
        }
        return Optional.of(slot.at(n));
    }

    List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        slots.forEach((path, slot) -> {
            if (slot.live() && path.startsWith(prefix)) {
                out.add(path);
            }
        });
        out.sort(null);
        return out;
    }

    int size() {
        int[] n = new int[1];
        slots.forEach((path, slot) -> n[0] += slot.live() ? 1 : 0);
        return n[0];
    }

    /** Our ids are positive decimal numbers without leading zeros; anything else is unknown. */
    private static int parseVersion(String version) {
        if (version.isEmpty() || version.length() > 9 || version.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < version.length(); i++) {
            if (version.charAt(i) < '0' || version.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(version);
    }
}
