package dev.amboy.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon timer thread shared by every queue and runner for max-time interrupts and lock pings,
 * so that an idle queue holds no thread of its own. Tasks must be short: they only flip flags,
 * interrupt threads or touch in-memory state.
 */
public final class AmboyScheduler {

  private static final ScheduledThreadPoolExecutor TIMER = createTimer();

  private AmboyScheduler() {}

  private static ScheduledThreadPoolExecutor createTimer() {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "amboy-timer-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return timer;
  }

  public static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return TIMER.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  public static ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    long nanos = Math.max(1, period.toNanos());
    return TIMER.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }
}
