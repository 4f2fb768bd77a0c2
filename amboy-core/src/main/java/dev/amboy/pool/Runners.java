package dev.amboy.pool;

import dev.amboy.AbortableRunner;
import dev.amboy.Runner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Creates runners. Each runner serves exactly one queue. */
public final class Runners {

  private Runners() {}

  /** A fixed-size worker pool (Go's LocalWorkers). */
  public static Runner pool(RunnerOptions options) {
    return new WorkerPoolRunner("pool", options);
  }

  /** A worker pool of {@code workers} threads. */
  public static Runner pool(int workers) {
    return pool(RunnerOptions.ofWorkers(workers));
  }

  /** One worker: jobs run one at a time, in dispatch order. */
  public static Runner single() {
    return new WorkerPoolRunner("single", RunnerOptions.ofWorkers(1));
  }

  /** One worker with the given thread factory and idle timeout. */
  public static Runner single(RunnerOptions options) {
    if (options.workers() != 1) {
      throw new IllegalArgumentException(
          "a single runner has exactly 1 worker but the options ask for " + options.workers());
    }
    return new WorkerPoolRunner("single", options);
  }

  /** A worker pool whose running jobs can be aborted one by one or all at once. */
  public static AbortableRunner abortable(RunnerOptions options) {
    return new AbortablePoolRunner(options);
  }

  /** An abortable pool of {@code workers} threads. */
  public static AbortableRunner abortable(int workers) {
    return abortable(RunnerOptions.ofWorkers(workers));
  }

  /**
   * An abortable pool whose workers each pause for {@code interval} after every job. Use it to
   * spread load on a downstream service.
   *
   * @throws IllegalArgumentException when the interval is under a millisecond
   */
  public static AbortableRunner rateLimited(RunnerOptions options, Duration interval) {
    if (interval == null || interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "invalid rate-limited runner: interval must be >= 1ms but was " + interval);
    }
    return new RateLimitedRunner(options, interval);
  }

  /**
   * An abortable pool that aims at {@code target} jobs per {@code period} in all, pausing after
   * each job by an amount derived from a moving average of job runtimes.
   *
   * @throws IllegalArgumentException listing every invalid value
   */
  public static AbortableRunner movingAverage(RunnerOptions options, int target, Duration period) {
    List<String> problems = new ArrayList<>();
    if (target < 1) {
      problems.add("target must be >= 1 but was " + target);
    }
    if (period == null || period.compareTo(Duration.ofMillis(1)) < 0) {
      problems.add("period must be >= 1ms but was " + period);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid moving-average runner: " + String.join("; ", problems));
    }
    return new MovingAverageRateLimitedRunner(options, target, period);
  }

  /** A runner that runs nothing, for processes that only put jobs into a shared queue. */
  public static Runner none() {
    return new NoopRunner();
  }
}
