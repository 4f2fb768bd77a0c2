package dev.amboy;

import java.time.Duration;

/**
 * What a queue is and how it runs.
 *
 * @param kind the queue kind, such as {@code limited-size} or {@code priority}
 * @param started whether {@link Queue#start()} has run
 * @param closed whether {@link Queue#close(Duration)} has run
 * @param lockTimeout how long a job's lock is respected without a ping before others may take it
 */
public record QueueInfo(String kind, boolean started, boolean closed, Duration lockTimeout) {

  /** The default lock timeout: ten minutes, as in Go amboy. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(10);
}
