package dev.amboy.examples;

// README management: begin
import dev.amboy.Queue;
import dev.amboy.management.ErrorFilter;
import dev.amboy.management.JobErrorsReport;
import dev.amboy.management.JobStatusReport;
import dev.amboy.management.QueueManager;
import dev.amboy.management.QueueManagers;
import dev.amboy.management.StatusFilter;
import java.time.Duration;

public class ManagingJobs {

  public record Review(JobStatusReport pending, JobErrorsReport errors, int dropped) {}

  /** Pending jobs by type, the last hour's distinct errors, and obsolete work marked done. */
  public static Review review(Queue queue) {
    QueueManager manager = QueueManagers.scanning(queue);
    JobStatusReport pending = manager.jobStatus(StatusFilter.PENDING);
    JobErrorsReport errors = manager.recentErrors(Duration.ofHours(1), ErrorFilter.UNIQUE);
    // completes pending jobs whose id starts with "obsolete-" without running them
    int dropped = manager.completeJobsByPattern(StatusFilter.PENDING, "^obsolete-");
    return new Review(pending, errors, dropped);
  }
}
// README management: end
