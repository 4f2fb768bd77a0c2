package dev.amboy.management;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import java.time.Clock;

/**
 * Creates {@link QueueManager}s that work on any queue by reading {@link Queue#jobs()}: right for
 * in-memory queues, and a fallback for others (a store-backed queue's own manager is faster).
 */
public final class QueueManagers {

  private QueueManagers() {}

  /** A manager of one queue that reads times from the system UTC clock. */
  public static QueueManager scanning(Queue queue) {
    return scanning(queue, Clock.systemUTC());
  }

  /**
   * A manager of one queue.
   *
   * @param clock the "now" that windows, staleness and running times are measured against; use the
   *     queue's clock
   */
  public static QueueManager scanning(Queue queue, Clock clock) {
    requireArgument("queue", queue);
    requireArgument("clock", clock);
    return new ScanningQueueManager(new ScanningQueueManager.SingleQueue(queue), clock);
  }

  /**
   * A manager of every queue in a group that reads times from the system UTC clock; see {@link
   * #scanningGroup(QueueGroup, Clock)}.
   */
  public static QueueManager scanningGroup(QueueGroup group) {
    return scanningGroup(group, Clock.systemUTC());
  }

  /**
   * A manager of every queue in a group. Reports carry each queue's name as their {@code group};
   * job ids are looked up in every queue. The group's queues are read through {@link
   * QueueGroup#get(String)}, which counts as using them (it postpones their pruning).
   */
  public static QueueManager scanningGroup(QueueGroup group, Clock clock) {
    requireArgument("group", group);
    requireArgument("clock", clock);
    return new ScanningQueueManager(new ScanningQueueManager.GroupQueues(group), clock);
  }

  private static void requireArgument(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set but was null");
    }
  }
}
