package dev.amboy.sample.reports;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import java.util.List;

/**
 * Renders a report. {@code service} is injected (a collaborator, never stored); {@code title},
 * {@code lines}, {@code workMillis} and {@code result} are the job's payload.
 */
@AmboyJob(type = "report", version = 1)
public class ReportJob extends AbstractJob {

  private final ReportService service;

  private String title;
  private int lines;
  private long workMillis;
  private List<String> result;

  public ReportJob(ReportService service) {
    this.service = service;
  }

  @Override
  public void run(JobContext context) throws InterruptedException {
    if (workMillis > 0) {
      Thread.sleep(workMillis);
    }
    context.checkCancelled();
    result = service.render(title, lines);
  }

  public List<String> result() {
    return result;
  }
}
