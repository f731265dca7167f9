package io.github.dynamicsecrets.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one client owns, all daemon and named {@code dynamic-secrets-*}: one scheduler
 * thread that only times work, a small pool for background store calls, and an elastic pool for
 * listeners, so a slow listener occupies its own thread and holds up no other.
 */
final class EngineThreads {

    static final String PREFIX = "dynamic-secrets-";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    final ScheduledThreadPoolExecutor scheduler;
    final ThreadPoolExecutor refresh;
    final ThreadPoolExecutor listeners;

    EngineThreads() {
        int id = CLIENTS.incrementAndGet();
        scheduler = new ScheduledThreadPoolExecutor(1, factory(id, "scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        refresh = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(id, "refresh"));
        refresh.allowCoreThreadTimeOut(true);
        listeners = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(id, "listener"));
    }

    private static ThreadFactory factory(int client, String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, PREFIX + client + "-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops every thread; waits briefly for running listeners, then interrupts them. */
    void shutdown() {
        scheduler.shutdownNow();
        refresh.shutdownNow();
        listeners.shutdown();
        awaitOrInterrupt(listeners, 2);
        awaitOrInterrupt(refresh, 2);
        awaitOrInterrupt(scheduler, 2);
    }

    private static void awaitOrInterrupt(ExecutorService pool, long seconds) {
        try {
            if (!pool.awaitTermination(seconds, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(seconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
