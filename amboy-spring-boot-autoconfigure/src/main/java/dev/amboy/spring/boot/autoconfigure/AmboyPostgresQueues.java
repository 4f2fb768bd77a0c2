package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.GroupProperties;
import dev.amboy.spring.boot.autoconfigure.AmboyProperties.QueueProperties;
import java.util.function.BiFunction;

/**
 * Makes the queues and groups of the postgres kind. An interface without PostgreSQL types, so that
 * {@link AmboyQueueFactory} loads without amboy-postgres on the classpath; {@link
 * AmboyPostgresAutoConfiguration} provides it when the module and a DataSource are there.
 */
interface AmboyPostgresQueues {

  /** An unstarted PostgreSQL queue with the id {@code name}, without a runner set. */
  Queue queue(String name, QueueProperties settings, int workers, RetryPolicy retryPolicy);

  /**
   * A PostgreSQL group; {@code manage} turns each queue it makes (unstarted, named {@code
   * <group>/<queue>}) into the queue the group holds, given the queue's name within the group.
   */
  QueueGroup group(
      String name,
      GroupProperties settings,
      int workers,
      RetryPolicy retryPolicy,
      BiFunction<String, Queue, Queue> manage);
}
