package dev.amboy.benchmarks.postgres;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.job.AbstractJob;
import java.util.concurrent.atomic.LongAdder;

/** A job that does nothing, so that a burn-down measures the queue and the database only. */
final class NoopPostgresJob extends AbstractJob {

  static final JobType TYPE = JobType.of("bench-noop", 1);

  /** Runs in this JVM, so that a run with several worker JVMs can count duplicate executions. */
  static final LongAdder RUNS = new LongAdder();

  /** For the registry. */
  NoopPostgresJob() {
    super(TYPE);
  }

  NoopPostgresJob(String id) {
    super(id, TYPE);
  }

  @Override
  public void run(JobContext context) {
    RUNS.increment();
  }
}
