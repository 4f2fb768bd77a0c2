package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.schedule.QueueOperation;
import dev.amboy.schedule.QueueOperationConfig;
import dev.amboy.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * A scheduled operation waiting for the lifecycle to start it: from {@code amboy.operations} or
 * from an {@code @AmboyInterval} method.
 *
 * @param name the operation's name (its thread is {@code amboy-op-<name>})
 * @param source where it was declared, for error messages: a property key or a method
 * @param queue the queue name, or {@code <group>:<queue>}
 * @param schedule makes the schedule from the start time (an initial delay counts from there)
 * @param config threshold, error and jitter rules
 * @param operation what each run does
 */
record OperationPlan(
    String name,
    String source,
    String queue,
    Function<Instant, Schedule> schedule,
    QueueOperationConfig config,
    QueueOperation operation) {

  /** An interval schedule, optionally starting after a delay, or a cron schedule. */
  static Function<Instant, Schedule> interval(Duration interval, Duration initialDelay) {
    if (initialDelay == null || initialDelay.isZero()) {
      Schedule schedule = Schedule.every(interval);
      return now -> schedule;
    }
    return now -> Schedule.every(interval, now.plus(initialDelay));
  }
}
