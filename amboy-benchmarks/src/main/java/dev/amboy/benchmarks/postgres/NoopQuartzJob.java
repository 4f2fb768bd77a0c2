package dev.amboy.benchmarks.postgres;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A Quartz job that does nothing; public with a public constructor, as Quartz instantiates it. */
public final class NoopQuartzJob implements Job {

  public NoopQuartzJob() {
    // Quartz creates one instance per execution.
  }

  @Override
  public void execute(JobExecutionContext context) {}
}
