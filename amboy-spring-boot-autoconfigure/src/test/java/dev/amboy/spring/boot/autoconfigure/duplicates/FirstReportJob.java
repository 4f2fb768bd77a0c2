package dev.amboy.spring.boot.autoconfigure.duplicates;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;

/** Claims the report type, as does its sibling. */
@AmboyJob(type = "report", version = 3)
public class FirstReportJob extends AbstractJob {

  @Override
  public void run(JobContext context) {}
}
