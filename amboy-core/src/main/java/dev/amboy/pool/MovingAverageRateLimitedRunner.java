package dev.amboy.pool;

import dev.amboy.AbortableRunner;
import dev.amboy.Job;
import java.time.Duration;

/**
 * Aims at {@code target} jobs per {@code period} across the pool: after each job a worker pauses
 * for a time computed from an exponentially weighted moving average of job runtimes (Go's
 * MovingAverageRateLimited workers, same formula). Jobs that are slow enough to stay under the
 * target run back to back.
 */
final class MovingAverageRateLimitedRunner extends WorkerPoolRunner implements AbortableRunner {

  /** Samples averaged plainly before the weighting starts, so early pauses are not erratic. */
  private static final int WARM_UP_SAMPLES = 10;

  private final int target;
  private final Duration period;
  private final int size;
  private final double weight;
  private double average;
  private int samples;

  MovingAverageRateLimitedRunner(RunnerOptions options, int target, Duration period) {
    super("ewma", options, true);
    this.target = target;
    this.period = period;
    this.size = options.workers();
    double ageInMinutes = period.toNanos() / 60e9;
    this.weight = Math.min(1.0, 2.0 / (ageInMinutes + 1.0));
  }

  @Override
  protected void afterJob(Job job) throws InterruptedException {
    Duration pause = pauseAfter(job.timeInfo().duration());
    if (!pause.isZero()) {
      Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
    }
  }

  /** Adds a runtime sample and returns the pause that keeps the pool at its target. */
  synchronized Duration pauseAfter(Duration runtime) {
    double sample = runtime.toNanos();
    samples++;
    if (samples <= WARM_UP_SAMPLES) {
      average += (sample - average) / samples;
    } else {
      average = weight * sample + (1.0 - weight) * average;
    }
    long averageRuntime = (long) Math.ceil(average);
    if (averageRuntime == 0) {
      return Duration.ZERO;
    }
    long periodNanos = period.toNanos();
    long tasksPerPeriod = periodNanos / averageRuntime;
    long capacity = (long) target * size;
    if (tasksPerPeriod * capacity >= periodNanos) {
      return Duration.ZERO;
    }
    long runtimePerPeriod = capacity * averageRuntime;
    if (runtimePerPeriod >= periodNanos) {
      return Duration.ZERO;
    }
    long excess = (periodNanos - runtimePerPeriod) * size;
    return Duration.ofNanos(excess / target);
  }
}
