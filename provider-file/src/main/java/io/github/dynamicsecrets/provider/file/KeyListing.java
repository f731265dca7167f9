package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Lists the keys under every root: regular files whose path from the root is a valid name, with
 * volumes listed from their current snapshot (not through their user-visible links) and links
 * followed only while they stay inside their root. Entries starting with {@code ..} are never
 * keys. Each real directory is visited once, so link cycles end. Stateless.
 */
final class KeyListing {

    private KeyListing() {}

    static List<String> list(List<Path> roots, String prefix) {
        String name = prefix + "*";
        SortedSet<String> out = new TreeSet<>();
        Set<Path> visited = new HashSet<>();
        for (Path root : roots) {
            Path realRoot = Layout.realRoot(root, name);
            if (realRoot != null && visited.add(realRoot)) {
                walk(realRoot, realRoot, "", prefix, name, out, visited);
            }
        }
        return List.copyOf(out);
    }

    private static void walk(Path dir, Path realRoot, String rel, String prefix, String name, SortedSet<String> out,
            Set<Path> visited) {
        Path contents = dir;
        if (Layout.isVolume(dir)) {
            String snapshot = Layout.currentSnapshot(dir);
            contents = snapshot == null ? dir : dir.resolve(snapshot);
            try {
                contents = contents.toRealPath();
            } catch (IOException e) {
                return; // swapped away while listing; a listing is a moment's view
            }
            if (!Layout.contained(contents, realRoot)) {
                return;
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(contents)) {
            for (Path entry : entries) {
                String child = entry.getFileName().toString();
                String key = rel.isEmpty() ? child : rel + "/" + child;
                boolean couldMatch = key.startsWith(prefix) || prefix.startsWith(key + "/");
                if (child.startsWith("..") || !couldMatch || !SecretRef.isValid(key)) {
                    continue;
                }
                visit(entry, realRoot, key, prefix, name, out, visited);
            }
        } catch (NoSuchFileException e) {
            // removed while listing
        } catch (AccessDeniedException e) {
            throw new SecretAccessDeniedException(name, FileSecretProvider.NAME, "directory " + contents
                    + " cannot be listed by this process (permission denied)", e);
        } catch (IOException e) {
            throw Reading.unavailable(name, contents, e);
        }
    }

    private static void visit(Path entry, Path realRoot, String key, String prefix, String name, SortedSet<String> out,
            Set<Path> visited) {
        Path real;
        BasicFileAttributes attrs;
        try {
            real = entry.toRealPath();
            attrs = Layout.attributesNoFollow(real);
        } catch (NoSuchFileException e) {
            return; // dangling link, or removed meanwhile
        } catch (IOException e) {
            return; // a link loop or an unreachable entry is not a key; reading it reports why
        }
        if (!Layout.contained(real, realRoot)) {
            return;
        }
        if (attrs.isDirectory()) {
            if (visited.add(real)) {
                walk(entry, realRoot, key, prefix, name, out, visited);
            }
        } else if (attrs.isRegularFile() && key.startsWith(prefix)) {
            out.add(key);
        }
    }
}
