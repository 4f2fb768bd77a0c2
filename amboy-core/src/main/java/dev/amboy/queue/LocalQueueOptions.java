package dev.amboy.queue;

import dev.amboy.QueueInfo;
import dev.amboy.internal.Violations;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings shared by every in-memory queue kind.
 *
 * @param name the queue's id; letters, digits, {@code . _ - : @} only, so that it can name threads
 *     and meters
 * @param capacity the most pending jobs the queue holds (a put beyond it waits) and the number of
 *     completed jobs it retains
 * @param workers the size of the default worker pool, used when no runner is set
 * @param lockTimeout how long a running job's lock holds without a ping
 * @param putTimeout how long a put waits for room in a full queue before failing
 * @param clock the source of every time the queue records
 * @param retryPolicy how jobs without a policy of their own are retried; {@link RetryPolicy#none()}
 *     by default
 */
public record LocalQueueOptions(
    String name,
    int capacity,
    int workers,
    Duration lockTimeout,
    Duration putTimeout,
    Clock clock,
    RetryPolicy retryPolicy) {

  public static final int DEFAULT_CAPACITY = 10_000;
  public static final Duration DEFAULT_PUT_TIMEOUT = Duration.ofSeconds(5);
  private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}";

  public LocalQueueOptions {
    new Violations("local queue options")
        .check(
            name != null && name.matches(NAME_PATTERN),
            "name must be 1-200 letters, digits or . _ : @ - (starting with a letter or digit) but"
                + " was "
                + (name == null ? "null" : "'" + name + "'"))
        .atLeast("capacity", capacity, 1)
        .atLeast("workers", workers, 1)
        .check(
            lockTimeout != null && lockTimeout.toMillis() >= 4,
            "lockTimeout must be >= 4ms but was " + lockTimeout)
        .notNegative("putTimeout", putTimeout)
        .notNull("clock", clock)
        .notNull("retryPolicy", retryPolicy)
        .throwIfAny();
  }

  /** These options with another name, for queues made from a template. */
  public LocalQueueOptions withName(String newName) {
    return new LocalQueueOptions(
        newName, capacity, workers, lockTimeout, putTimeout, clock, retryPolicy);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds {@link LocalQueueOptions}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private final String name;
    private int capacity = DEFAULT_CAPACITY;
    private int workers = RunnerOptions.defaultWorkers();
    private Duration lockTimeout = QueueInfo.DEFAULT_LOCK_TIMEOUT;
    private Duration putTimeout = DEFAULT_PUT_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retryPolicy = RetryPolicy.none();

    private Builder(String name) {
      this.name = name;
    }

    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
      return this;
    }

    public Builder putTimeout(Duration putTimeout) {
      this.putTimeout = putTimeout;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    public LocalQueueOptions build() {
      return new LocalQueueOptions(
          name, capacity, workers, lockTimeout, putTimeout, clock, retryPolicy);
    }
  }
}
