package dev.amboy.logback;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts occurrences of one kind of problem (a dropped event, a failed delivery) and decides which
 * of them to report, so that a steady stream of failures produces one status message per interval
 * instead of one per event: the first occurrence in each interval is reported, the rest are only
 * counted and summed into the next report.
 */
final class ProblemCounter {

  /** Returned by {@link #count()} when the occurrence is only counted. */
  static final long QUIET = -1;

  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong unreported = new AtomicLong();
  private volatile long nextReportMillis = Long.MIN_VALUE;

  ProblemCounter(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /**
   * Counts one occurrence.
   *
   * @return {@link #QUIET} when it should not be reported, otherwise how many occurrences since the
   *     last report were not reported
   */
  long count() {
    total.incrementAndGet();
    long now = clock.millis();
    if (now < nextReportMillis) {
      unreported.incrementAndGet();
      return QUIET;
    }
    synchronized (this) {
      if (now < nextReportMillis) {
        unreported.incrementAndGet();
        return QUIET;
      }
      long next = now + intervalMillis;
      nextReportMillis = next < now ? Long.MAX_VALUE : next;
      return unreported.getAndSet(0);
    }
  }

  /** Counts occurrences that are reported by the caller in a summary of their own. */
  void add(long occurrences) {
    total.addAndGet(occurrences);
  }

  long total() {
    return total.get();
  }
}
