package dev.amboy.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs at a start time (or at once), then a fixed delay after each run ends.
 *
 * @param interval the delay between the end of one run and the start of the next
 * @param startAt the first run's time, or {@code null} for at once
 */
record IntervalSchedule(Duration interval, Instant startAt) implements Schedule {

  static final Duration MINIMUM_INTERVAL = Duration.ofMillis(1);

  IntervalSchedule {
    if (interval == null || interval.compareTo(MINIMUM_INTERVAL) < 0) {
      throw new IllegalArgumentException(
          "interval must be >= 1ms but was "
              + interval
              + "; a shorter interval would keep a thread busy scheduling");
    }
  }

  @Override
  public Instant firstRun(Instant now) {
    if (startAt == null || !startAt.isBefore(now)) {
      return startAt == null ? now : startAt;
    }
    Duration behind = Duration.between(startAt, now);
    long intervals = behind.dividedBy(interval);
    Instant advanced = startAt.plus(interval.multipliedBy(intervals));
    return advanced.isBefore(now) ? advanced.plus(interval) : advanced;
  }

  @Override
  public Instant nextRun(Instant previousDue, Instant now) {
    return now.plus(interval);
  }

  @Override
  public String toString() {
    return "every " + interval + (startAt == null ? "" : " from " + startAt);
  }
}
