package dev.amboy.queue;

import dev.amboy.DeletableJobQueue;
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
   * Runs jobs in dependency order: a job starts only after every job its edges name has completed;
   * a passed job completes without running. Use it for pipelines of dependent steps.
   */
  public static Queue ordered(LocalQueueOptions options) {
    return new OrderedLocalQueue(options);
  }

  /**
   * Runs jobs when their dependencies say they are ready, asking again as jobs complete and on a
   * regular re-evaluation. Use it when readiness depends on outside state (files, named checks).
   */
  public static DeletableJobQueue adaptive(LocalQueueOptions options) {
    return new AdaptiveOrderLocalQueue(options);
  }

  /**
   * Runs the highest priority ready job first. Use it when some work must overtake the rest; saving
   * a pending job with a new priority moves it.
   */
  public static DeletableJobQueue priority(LocalQueueOptions options) {
    return new PriorityLocalQueue(options);
  }

  /**
   * Runs ready jobs in random order. Use it when no producer's jobs should be favoured by
   * submission order.
   */
  public static DeletableJobQueue shuffled(LocalQueueOptions options) {
    return new ShuffledLocalQueue(options);
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
