package dev.amboy.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * When a scheduled operation runs: {@link #every(Duration) on an interval} or {@link #cron(String,
 * ZoneId) on a cron expression}.
 *
 * <p>Runs never pile up. A run that was missed (the process was paused, the clock jumped, a run
 * took longer than the interval) happens once, as soon as it is noticed, and the schedule carries
 * on from then.
 */
public interface Schedule {

  /** When the first run is due, for an operation that starts at {@code now}. */
  Instant firstRun(Instant now);

  /**
   * When the run after one that was due at {@code previousDue} is due, asked at {@code now}, when
   * that run has ended. Must be after {@code now}.
   */
  Instant nextRun(Instant previousDue, Instant now);

  /**
   * Runs at once, then {@code interval} after each run ends.
   *
   * @throws IllegalArgumentException when the interval is shorter than one millisecond
   */
  static Schedule every(Duration interval) {
    return new IntervalSchedule(interval, null);
  }

  /**
   * Runs at {@code startAt}, then every {@code interval} after the previous run ends. A {@code
   * startAt} in the past is moved forward by whole intervals until it is now or later, so the runs
   * keep its phase (an hourly schedule started at some past {@code :15} runs at the next {@code
   * :15}).
   *
   * @throws IllegalArgumentException when the interval is shorter than one millisecond or {@code
   *     startAt} is missing
   */
  static Schedule every(Duration interval, Instant startAt) {
    if (startAt == null) {
      throw new IllegalArgumentException("startAt must be set but was null");
    }
    return new IntervalSchedule(interval, startAt);
  }

  /**
   * Runs at the times a cron expression names, read in UTC.
   *
   * @throws IllegalArgumentException when the expression is invalid
   */
  static Schedule cron(String expression) {
    return cron(CronExpression.parse(expression), ZoneOffset.UTC);
  }

  /**
   * Runs at the times a cron expression names, read as local times in {@code zone}.
   *
   * @throws IllegalArgumentException when the expression is invalid or the zone missing
   */
  static Schedule cron(String expression, ZoneId zone) {
    return cron(CronExpression.parse(expression), zone);
  }

  /** Runs at the times {@code expression} names, read as local times in {@code zone}. */
  static Schedule cron(CronExpression expression, ZoneId zone) {
    return new CronSchedule(expression, zone);
  }
}
