package dev.amboy.benchmarks.postgres;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * A Quartz job that records, when it starts, how long ago the producer meant to enqueue it; public
 * with a public constructor, as Quartz instantiates it.
 */
public final class LatencyQuartzJob implements Job {

  /** The job data key of the intended enqueue instant ({@link System#nanoTime()}). */
  static final String INTENDED = "intended";

  public LatencyQuartzJob() {
    // Quartz creates one instance per execution.
  }

  @Override
  public void execute(JobExecutionContext context) {
    StartLatency.record(context.getJobDetail().getJobDataMap().getLong(INTENDED));
  }
}
