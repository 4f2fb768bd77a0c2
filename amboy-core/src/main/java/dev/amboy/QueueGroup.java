package dev.amboy;

import java.time.Duration;
import java.util.Set;

/**
 * Queues created on demand and addressed by name, for work whose partitions are only known at run
 * time (one queue per tenant, per customer, per repository). Idle, finished queues are pruned.
 */
public interface QueueGroup extends AutoCloseable {

  /** The queue with this name, created and started when it does not exist yet. */
  Queue get(String name);

  /**
   * Adds a queue built elsewhere under a name.
   *
   * @throws IllegalArgumentException when the name is taken
   */
  void put(String name, Queue queue);

  /** Starts background pruning (and, for shared storage, starting queues that have work). */
  void start();

  /**
   * Closes and removes queues that have been idle for the group's TTL and have no pending or
   * running work.
   *
   * @return how many queues were removed
   */
  int prune();

  /** How many queues the group holds now. */
  int len();

  /** The names of the queues the group holds now. */
  Set<String> queues();

  /** Closes every queue, giving running jobs up to {@code drainTimeout} to finish. */
  void close(Duration drainTimeout);

  @Override
  default void close() {
    close(Duration.ZERO);
  }
}
