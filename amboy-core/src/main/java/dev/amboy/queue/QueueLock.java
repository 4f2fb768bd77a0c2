package dev.amboy.queue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A local queue's lock, held exclusively by everything that changes the queue's order or reads a
 * consistent snapshot, and shared by the workers' common path (complete a plain job, take the next
 * one from the inbox), which changes only concurrent structures, counters and the jobs it owns.
 *
 * <p>Why not a read-write lock: a shared holder never waits. When someone holds the lock
 * exclusively, {@link #tryShare()} fails and the worker takes the exclusive path instead, so two
 * workers finishing jobs at once both go on without parking, where an exclusive lock would park one
 * of them and wake it again. An exclusive holder waits for shared holders to leave; they hold the
 * lock for a few hundred nanoseconds and take no lock but the monitor of the job in hand and the id
 * map's own.
 *
 * <p>The two sides meet like Dekker's algorithm: a sharer counts itself in and then reads the
 * exclusive flag, an exclusive holder raises the flag and then reads the count, so at least one of
 * them sees the other.
 */
final class QueueLock {

  /** Spins before parking while shared holders leave; they usually leave within a few hundred. */
  private static final int SPINS_BEFORE_PARK = 128;

  /** A safety net only: the last sharer to leave unparks the exclusive holder. */
  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ReentrantLock exclusive = new ReentrantLock();
  private final AtomicInteger sharers = new AtomicInteger();
  private volatile boolean held;

  /** The exclusive holder waiting for sharers to leave, or {@code null}. */
  private volatile Thread draining;

  /** Takes the lock exclusively, waiting for shared holders to leave. Reentrant. */
  void lock() {
    exclusive.lock();
    enterExclusive();
  }

  /** Like {@link #lock()}, giving up when the thread is interrupted while it waits. */
  void lockInterruptibly() throws InterruptedException {
    exclusive.lockInterruptibly();
    enterExclusive();
  }

  void unlock() {
    if (exclusive.getHoldCount() == 1) {
      held = false;
    }
    exclusive.unlock();
  }

  /** A condition of the exclusive lock; wait on it with {@link #awaitNanos}. */
  Condition newCondition() {
    return exclusive.newCondition();
  }

  /**
   * Waits on {@code condition}, letting sharers in while the lock is released.
   *
   * @return the nanoseconds left, as {@link Condition#awaitNanos}
   */
  long awaitNanos(Condition condition, long nanos) throws InterruptedException {
    held = false;
    try {
      return condition.awaitNanos(nanos);
    } finally {
      held = true;
      awaitSharersGone();
    }
  }

  /**
   * Takes the lock shared unless it is held exclusively; never waits.
   *
   * @return whether the lock is now shared by this thread; if so, call {@link #unshare()}
   */
  boolean tryShare() {
    if (held) {
      return false;
    }
    sharers.incrementAndGet();
    if (held) {
      unshare();
      return false;
    }
    return true;
  }

  /** Leaves the shared lock; the last sharer out wakes an exclusive holder waiting for it. */
  void unshare() {
    if (sharers.decrementAndGet() == 0 && held) {
      Thread waiting = draining;
      if (waiting != null) {
        LockSupport.unpark(waiting);
      }
    }
  }

  private void enterExclusive() {
    if (exclusive.getHoldCount() == 1) {
      held = true;
      awaitSharersGone();
    }
  }

  /**
   * Waits for shared holders to leave; called with {@code held} raised. A holder that was
   * descheduled mid-way may take a while, so after a short spin this parks until the last one out
   * unparks it ({@link #unshare()}), which reads {@code draining} after lowering the count.
   */
  private void awaitSharersGone() {
    for (int spins = 0; spins < SPINS_BEFORE_PARK; spins++) {
      if (sharers.get() == 0) {
        return;
      }
      Thread.onSpinWait();
    }
    draining = Thread.currentThread();
    try {
      while (sharers.get() != 0) {
        LockSupport.parkNanos(this, PARK_NANOS);
      }
    } finally {
      draining = null;
    }
  }
}
