package dev.amboy.schedule;

import dev.amboy.Queue;
import dev.amboy.internal.Violations;
import java.time.Clock;
import java.util.List;

/**
 * Runs a {@link QueueOperation} on a queue on a {@link Schedule}: an interval (with Go amboy's
 * start-at semantics) or a cron expression.
 *
 * <p>Each due time the operation runs once, unless {@link QueueOperationConfig#respectThreshold()}
 * is on and the queue has more pending jobs than the threshold. A duplicate-job failure is ignored
 * unless duplicate reporting is on; any other failure is counted, and then logged (with {@code
 * continueOnError}) or ends the schedule with an error log. After each run, a random delay of up to
 * the config's jitter is added to the wait.
 *
 * <p>The schedule runs on its own daemon thread, {@code amboy-op-<name>}, until {@link
 * ScheduledOperation#stop()}. Nothing is started for a queue until it is scheduled.
 */
public final class IntervalQueueOperation {

  static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}";

  private IntervalQueueOperation() {}

  /** Starts the schedule, reading time from the system UTC clock. */
  public static ScheduledOperation start(
      String name,
      Queue queue,
      Schedule schedule,
      QueueOperationConfig config,
      QueueOperation operation) {
    return start(name, queue, schedule, config, operation, Clock.systemUTC());
  }

  /**
   * Starts the schedule.
   *
   * @param name names the schedule's thread and log lines; letters, digits and {@code . _ : @ -}
   * @param clock the time due times are compared with; waits re-read it at least every 25ms
   * @throws IllegalArgumentException listing every missing or invalid argument
   */
  public static ScheduledOperation start(
      String name,
      Queue queue,
      Schedule schedule,
      QueueOperationConfig config,
      QueueOperation operation,
      Clock clock) {
    validName(new Violations("interval queue operation"), name)
        .notNull("queue", queue)
        .notNull("schedule", schedule)
        .notNull("config", config)
        .notNull("operation", operation)
        .notNull("clock", clock)
        .throwIfAny();
    return ScheduledOperationThread.start(
        name,
        schedule,
        config,
        clock,
        List.of(
            new ScheduledOperationThread.Target(queue.id(), () -> queue, () -> true, operation)));
  }

  static Violations validName(Violations violations, String name) {
    return violations.check(
        name != null && name.matches(NAME_PATTERN),
        "name must be 1-200 letters, digits or . _ : @ - (starting with a letter or digit) but was "
            + (name == null ? "null" : "'" + name + "'"));
  }
}
