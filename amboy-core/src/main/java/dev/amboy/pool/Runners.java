package dev.amboy.pool;

import dev.amboy.AbortableRunner;
import dev.amboy.Runner;

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
}
