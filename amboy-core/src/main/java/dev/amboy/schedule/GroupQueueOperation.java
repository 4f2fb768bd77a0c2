package dev.amboy.schedule;

import dev.amboy.internal.Violations;
import java.util.function.BooleanSupplier;

/**
 * One operation of a {@link IntervalGroupQueueOperation}: what to do, on which queue of the group,
 * and whether to do it this time.
 *
 * @param queue the name of the group's queue; the group creates it on first use
 * @param operation the work to do on that queue
 * @param check asked before each run; the run happens only when it says yes
 */
public record GroupQueueOperation(String queue, QueueOperation operation, BooleanSupplier check) {

  private static final BooleanSupplier ALWAYS = () -> true;

  public GroupQueueOperation {
    new Violations("group queue operation")
        .notBlank("queue", queue)
        .notNull("operation", operation)
        .check(
            check != null,
            "check must be set but was null; use GroupQueueOperation.of(queue, operation) to run"
                + " every time")
        .throwIfAny();
  }

  /** An operation that runs on every tick. */
  public static GroupQueueOperation of(String queue, QueueOperation operation) {
    return new GroupQueueOperation(queue, operation, ALWAYS);
  }

  /** An operation that runs on the ticks when {@code check} says yes. */
  public static GroupQueueOperation of(
      String queue, QueueOperation operation, BooleanSupplier check) {
    return new GroupQueueOperation(queue, operation, check);
  }
}
