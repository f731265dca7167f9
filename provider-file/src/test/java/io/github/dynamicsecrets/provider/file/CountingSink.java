package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.spi.ChangeSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts reports per path and remembers their order. Thread-safe. */
final class CountingSink implements ChangeSink {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Override
    public void changed(String path) {
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        order.add(path);
    }

    int count(String path) {
        AtomicInteger c = counts.get(path);
        return c == null ? 0 : c.get();
    }

    List<String> order() {
        return List.copyOf(order);
    }
}
