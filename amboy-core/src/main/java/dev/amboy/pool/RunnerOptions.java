package dev.amboy.pool;

import dev.amboy.internal.Violations;
import dev.amboy.internal.VirtualThreads;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Settings shared by the worker-based runners.
 *
 * @param workers how many jobs run at once; at least 1
 * @param threadFactory creates worker threads; {@code null} means platform threads named {@code
 *     amboy-<queue>-worker-<n>}
 * @param idleTimeout a worker that finds no job for this long exits, and a new one starts when work
 *     arrives, so an idle queue holds no thread; {@code null} keeps workers for the runner's life
 * @param virtualThreads run jobs on virtual threads (Java 21+), named like platform workers
 */
public record RunnerOptions(
    int workers, ThreadFactory threadFactory, Duration idleTimeout, boolean virtualThreads) {

  /** The default idle timeout of workers. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public RunnerOptions {
    new Violations("runner options")
        .atLeast("workers", workers, 1)
        .check(
            idleTimeout == null || (!idleTimeout.isNegative() && !idleTimeout.isZero()),
            "idleTimeout must be > 0 (or null to keep workers) but was " + idleTimeout)
        .check(
            !virtualThreads || VirtualThreads.available(),
            "virtualThreads needs Java 21 or newer but this JVM is Java "
                + Runtime.version().feature()
                + "; turn it off or run on a newer Java")
        .check(
            !(virtualThreads && threadFactory != null),
            "set either threadFactory or virtualThreads, not both")
        .throwIfAny();
  }

  /** Options with {@code workers} workers and the defaults for everything else. */
  public static RunnerOptions ofWorkers(int workers) {
    return builder().workers(workers).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The number of processors available to the JVM: the default worker count. */
  public static int defaultWorkers() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Builds {@link RunnerOptions}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private int workers = defaultWorkers();
    private ThreadFactory threadFactory;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private boolean virtualThreads;

    private Builder() {}

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = threadFactory;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Runs jobs on virtual threads; needs Java 21 or newer. */
    public Builder virtualThreads(boolean virtualThreads) {
      this.virtualThreads = virtualThreads;
      return this;
    }

    public RunnerOptions build() {
      return new RunnerOptions(workers, threadFactory, idleTimeout, virtualThreads);
    }
  }
}
