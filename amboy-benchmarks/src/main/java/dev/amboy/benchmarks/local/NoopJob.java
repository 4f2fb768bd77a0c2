package dev.amboy.benchmarks.local;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.job.AbstractJob;

/** A job that does nothing: the cheapest job a queue can carry. */
final class NoopJob extends AbstractJob {

  static final JobType TYPE = JobType.of("noop", -1);

  NoopJob() {
    super(TYPE);
  }

  @Override
  public void run(JobContext context) {}
}
