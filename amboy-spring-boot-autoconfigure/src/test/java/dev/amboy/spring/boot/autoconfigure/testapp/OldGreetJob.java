package dev.amboy.spring.boot.autoconfigure.testapp;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;

/** The previous version of the greet job, still registered so that old stored jobs can run. */
@AmboyJob(type = "greet", version = 1)
public class OldGreetJob extends AbstractJob {

  private String name;

  @Override
  public void run(JobContext context) {
    name = name + " (v1)";
  }
}
