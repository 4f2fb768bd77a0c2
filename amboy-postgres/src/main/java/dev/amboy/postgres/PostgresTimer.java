package dev.amboy.postgres;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few daemon threads shared by every PostgreSQL queue and group in the JVM for lock pings,
 * completion flushes and maintenance, so that a queue holds no timer thread of its own. Tasks talk
 * to the database, so there are several threads: one slow round trip does not hold up the rest.
 */
final class PostgresTimer {

  private static final ScheduledThreadPoolExecutor TIMER = createTimer();

  private PostgresTimer() {}

  private static ScheduledThreadPoolExecutor createTimer() {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            4,
            task -> {
              Thread thread = new Thread(task, "amboy-postgres-timer-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return TIMER.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} every {@code period}, measured from the end of the previous run. */
  static ScheduledFuture<?> every(Runnable task, Duration period) {
    long nanos = Math.max(1, period.toNanos());
    return TIMER.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }
}
