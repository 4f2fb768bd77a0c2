package dev.amboy;

import dev.amboy.retry.RetryLaterException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a running job can ask of the worker running it. A job is cancelled when it is aborted, when
 * it exceeds its max time, or when its queue shuts down; the worker also interrupts the job's
 * thread, so blocking calls end early. Long computations should call {@link #checkCancelled()} now
 * and then.
 */
public interface JobContext {

  /** The id of the running job. */
  String jobId();

  /** Whether the job has been asked to stop. */
  boolean isCancelled();

  /** When the job's max time runs out, if it has one. */
  Optional<Instant> deadline();

  /** The 1-based number of this attempt; greater than 1 when the job is being retried. */
  int attempt();

  /**
   * Ends this attempt and asks for another one after {@code delay}, if the job's retry policy has
   * attempts left; otherwise the job completes with this as its error.
   *
   * @throws RetryLaterException always
   */
  default void retryLater(Duration delay, String reason) {
    throw new RetryLaterException(delay, reason);
  }

  /**
   * Throws if the job has been asked to stop, so that a loop can end with a single call.
   *
   * @throws JobCancelledException when {@link #isCancelled()} is true
   */
  default void checkCancelled() {
    if (isCancelled()) {
      throw new JobCancelledException(jobId());
    }
  }
}
