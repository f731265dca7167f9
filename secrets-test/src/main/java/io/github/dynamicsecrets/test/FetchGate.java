package io.github.dynamicsecrets.test;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds value reads until released, so a test can pile concurrent callers up behind one store
 * call and then check how many calls the engine really made (thundering-herd tests).
 */
final class FetchGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean held;
    private int blocked;

    void hold() {
        lock.lock();
        try {
            held = true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            held = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while held. */
    void pass() throws InterruptedException {
        lock.lock();
        try {
            if (!held) {
                return;
            }
            blocked++;
            changed.signalAll();
            try {
                while (held) {
                    changed.await();
                }
            } finally {
                blocked--;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int blocked() {
        lock.lock();
        try {
            return blocked;
        } finally {
            lock.unlock();
        }
    }

    boolean awaitBlocked(int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (blocked < count) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
