package dev.amboy.retry;

import dev.amboy.AmboyException;
import java.time.Duration;

/**
 * Thrown by a job (normally through {@link dev.amboy.JobContext#retryLater(Duration)}) to end the
 * current attempt and ask for another one after a pause. It counts as an attempt; when no attempts
 * remain the job completes with this as its error.
 */
public class RetryLaterException extends AmboyException {

  private static final long serialVersionUID = 1L;

  private final Duration delay;

  public RetryLaterException(Duration delay, String reason) {
    super("retry later (after " + delay + "): " + reason);
    this.delay = delay;
  }

  public Duration delay() {
    return delay;
  }
}
