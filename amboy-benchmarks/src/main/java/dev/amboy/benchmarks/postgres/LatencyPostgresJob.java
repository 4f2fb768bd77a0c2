package dev.amboy.benchmarks.postgres;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.job.AbstractJob;

/** An amboy job that records, when it starts, how long ago the producer meant to enqueue it. */
final class LatencyPostgresJob extends AbstractJob {

  static final JobType TYPE = JobType.of("bench-latency", 1);

  private long intendedNanos;

  /** For the registry. */
  LatencyPostgresJob() {
    super(TYPE);
  }

  LatencyPostgresJob(String id, long intendedNanos) {
    super(id, TYPE);
    this.intendedNanos = intendedNanos;
  }

  @Override
  public void run(JobContext context) {
    StartLatency.record(intendedNanos);
  }
}
