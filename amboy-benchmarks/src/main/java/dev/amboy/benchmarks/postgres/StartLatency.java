package dev.amboy.benchmarks.postgres;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Enqueue → start latency recorded by the latency and steady-state jobs of every system. Producer
 * and workers share the trial JVM, so {@link System#nanoTime()} is comparable across the round trip
 * through the database.
 */
final class StartLatency {

  /** Microseconds, up to one minute, three significant digits. */
  private static final Histogram STARTS = new ConcurrentHistogram(60_000_000L, 3);

  private StartLatency() {}

  /** Called by a job when it starts: {@code intendedNanos} is when it was meant to be enqueued. */
  static void record(long intendedNanos) {
    long micros = (System.nanoTime() - intendedNanos) / 1_000;
    STARTS.recordValue(Math.min(Math.max(0, micros), STARTS.getHighestTrackableValue()));
  }

  static void reset() {
    STARTS.reset();
  }

  static Histogram recorded() {
    return STARTS.copy();
  }

  /** Waits until {@code count} jobs recorded their start, or fails after {@code limit}. */
  static void awaitStarts(long count, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (STARTS.getTotalCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            STARTS.getTotalCount() + " of " + count + " jobs started within " + limit);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** The measurement with the recorded p50 and p99, after checking every job started once. */
  static Measurement withPercentiles(Measurement window, long count) {
    Histogram starts = recorded();
    if (starts.getTotalCount() != count) {
      throw new IllegalStateException(
          starts.getTotalCount() + " jobs recorded their start, expected " + count);
    }
    return window.withLatency(starts.getValueAtPercentile(50), starts.getValueAtPercentile(99));
  }
}
