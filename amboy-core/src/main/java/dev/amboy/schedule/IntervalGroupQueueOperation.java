package dev.amboy.schedule;

import dev.amboy.QueueGroup;
import dev.amboy.internal.Violations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link GroupQueueOperation}s on the queues of a {@link QueueGroup} on one {@link Schedule}.
 * Each due time, the operations run in order; each one whose check says yes gets its queue from
 * {@link QueueGroup#get(String)} (created on first use) and runs with the same threshold, duplicate
 * and error rules as {@link IntervalQueueOperation}. Without {@code continueOnError}, a failure
 * ends the schedule at once, and the operations after it do not run.
 *
 * <p>One thread ({@code amboy-op-<name>}) serves all the operations.
 */
public final class IntervalGroupQueueOperation {

  private IntervalGroupQueueOperation() {}

  /** Starts the schedule, reading time from the system UTC clock. */
  public static ScheduledOperation start(
      String name,
      QueueGroup group,
      Schedule schedule,
      QueueOperationConfig config,
      List<GroupQueueOperation> operations) {
    return start(name, group, schedule, config, operations, Clock.systemUTC());
  }

  /**
   * Starts the schedule.
   *
   * @param operations at least one
   * @throws IllegalArgumentException listing every missing or invalid argument
   */
  public static ScheduledOperation start(
      String name,
      QueueGroup group,
      Schedule schedule,
      QueueOperationConfig config,
      List<GroupQueueOperation> operations,
      Clock clock) {
    IntervalQueueOperation.validName(new Violations("interval group queue operation"), name)
        .notNull("group", group)
        .notNull("schedule", schedule)
        .notNull("config", config)
        .check(
            operations != null && !operations.isEmpty(),
            "operations must hold at least one GroupQueueOperation but was "
                + (operations == null ? "null" : "empty"))
        .check(
            operations == null || operations.stream().allMatch(op -> op != null),
            "operations must not contain null")
        .notNull("clock", clock)
        .throwIfAny();
    List<ScheduledOperationThread.Target> targets = new ArrayList<>(operations.size());
    for (GroupQueueOperation operation : operations) {
      String queue = operation.queue();
      targets.add(
          new ScheduledOperationThread.Target(
              queue, () -> group.get(queue), operation.check(), operation.operation()));
    }
    return ScheduledOperationThread.start(name, schedule, config, clock, targets);
  }
}
