package dev.amboy.sample.notifications;

import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;
import dev.amboy.spring.AmboyJob;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;

/** Sends one notification; its queue's rate-limited runner spaces them out. */
@AmboyJob(type = "notify")
public class NotifyJob extends AbstractJob {

  @Autowired private Notifier notifier;

  private String to;
  private String message;
  private Instant sentAt;

  @Override
  public void run(JobContext context) {
    sentAt = notifier.send(to, message).at();
  }

  public Instant sentAt() {
    return sentAt;
  }
}
