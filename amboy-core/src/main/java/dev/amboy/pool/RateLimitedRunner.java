package dev.amboy.pool;

import dev.amboy.AbortableRunner;
import dev.amboy.Job;
import java.time.Duration;

/** Each worker pauses for a fixed interval after every job (Go's SimpleRateLimited workers). */
final class RateLimitedRunner extends WorkerPoolRunner implements AbortableRunner {

  private final Duration interval;

  RateLimitedRunner(RunnerOptions options, Duration interval) {
    super("rate-limited", options, true);
    this.interval = interval;
  }

  Duration interval() {
    return interval;
  }

  @Override
  protected void afterJob(Job job) throws InterruptedException {
    Thread.sleep(interval.toMillis(), interval.toNanosPart() % 1_000_000);
  }
}
