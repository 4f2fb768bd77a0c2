package dev.amboy.queue;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;

/**
 * Creates in-memory queues. Each queue comes with a worker pool of {@link
 * LocalQueueOptions#workers()} threads; replace it with {@link Queue#setRunner} before starting.
 */
public final class Queues {

  private Queues() {}

  /**
   * The default queue: first in, first out, bounded. Use it when jobs are independent and should
   * run in arrival order.
   */
  public static Queue limitedSize(LocalQueueOptions options) {
    return new LimitedSizeLocalQueue(options);
  }

  /**
   * In-memory queues created on first use and pruned when idle and finished. Use it when work is
   * partitioned by a key known only at run time (a queue per tenant).
   */
  public static QueueGroup localGroup(LocalQueueGroupOptions options) {
    return new LocalQueueGroup(options);
  }

  /** A limited-size queue with the given name, worker count and capacity. */
  public static Queue limitedSize(String name, int workers, int capacity) {
    return limitedSize(LocalQueueOptions.builder(name).workers(workers).capacity(capacity).build());
  }
}
