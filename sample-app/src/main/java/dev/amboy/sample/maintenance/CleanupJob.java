package dev.amboy.sample.maintenance;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.sample.notifications.Notifier;
import dev.amboy.sample.pipeline.Publisher;
import dev.amboy.spring.AmboyJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;

/** Forgets old publications and notifications. */
@AmboyJob(type = "cleanup")
public class CleanupJob extends AbstractJob {

  @Autowired private Publisher publisher;
  @Autowired private Notifier notifier;

  private Duration maxAge = Duration.ofHours(1);
  private int forgotten;

  @Override
  public void run(JobContext context) {
    forgotten = publisher.forgetOlderThan(maxAge) + notifier.forgetOlderThan(maxAge);
  }

  public int forgotten() {
    return forgotten;
  }
}
