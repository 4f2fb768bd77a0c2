package dev.amboy.queue;

import dev.amboy.Queue;

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

  /** A limited-size queue with the given name, worker count and capacity. */
  public static Queue limitedSize(String name, int workers, int capacity) {
    return limitedSize(LocalQueueOptions.builder(name).workers(workers).capacity(capacity).build());
  }
}
