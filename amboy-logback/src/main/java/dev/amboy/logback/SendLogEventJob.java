package dev.amboy.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.amboy.JobContext;
import dev.amboy.job.AbstractJob;

/**
 * Delivers one log event to the appenders of a {@link QueueBackedAppender}. Its type is local-only
 * (version -1): the event and the appenders are live objects that cannot be stored, so the job runs
 * only on in-memory queues.
 *
 * <p>The job lets go of its event when it runs, so the completed jobs a queue retains do not keep
 * events (and their arguments) alive, and a job that a queue dispatches again after a cancellation
 * never delivers its event twice.
 */
final class SendLogEventJob extends AbstractJob {

  private transient ILoggingEvent event;
  private final transient LogDelivery delivery;

  SendLogEventJob(ILoggingEvent event, LogDelivery delivery) {
    super(QueueBackedAppender.JOB_TYPE);
    this.event = event;
    this.delivery = delivery;
  }

  @Override
  public void run(JobContext context) {
    ILoggingEvent taken;
    synchronized (this) {
      taken = event;
      event = null;
    }
    if (taken != null) {
      delivery.deliver(taken);
    }
  }
}
