package dev.amboy;

import java.util.List;

/**
 * Job ids of a queue by state, each list bounded by the limit the report was made with.
 *
 * @param completed ids of retained completed jobs
 * @param inProgress ids of running jobs
 * @param pending ids of jobs waiting to run
 */
public record QueueReport(List<String> completed, List<String> inProgress, List<String> pending) {

  public QueueReport {
    completed = List.copyOf(completed);
    inProgress = List.copyOf(inProgress);
    pending = List.copyOf(pending);
  }
}
