package dev.amboy.retry;

import dev.amboy.AbortableRunner;
import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The retry decision every queue makes when a job comes back from a worker, shared so that local
 * and PostgreSQL queues retry the same way.
 */
public final class Retries {

  private Retries() {}

  /** The policy that applies to the job: its own, or the queue's default. */
  public static RetryPolicy policyFor(Job job, RetryPolicy queueDefault) {
    RetryPolicy own = job.retryInfo().policy();
    return own != null ? own : queueDefault;
  }

  /**
   * Whether a job that just finished an attempt should run again: it failed (or asked for a retry),
   * was not aborted, and has attempts left.
   */
  public static boolean shouldRetry(Job job, RetryPolicy queueDefault) {
    return shouldRetry(job.retryInfo(), queueDefault, job.errors());
  }

  /** The same decision from a job's retry state and its current errors. */
  public static boolean shouldRetry(RetryInfo info, RetryPolicy queueDefault, List<String> errors) {
    RetryPolicy policy = info.policy() != null ? info.policy() : queueDefault;
    if (info.attempt() >= policy.maxAttempts()) {
      return false;
    }
    if (info.requestedDelay() != null) {
      return true;
    }
    return !errors.isEmpty()
        && !AbortableRunner.ABORTED_ERROR.equals(errors.get(errors.size() - 1));
  }

  /**
   * Turns a failed attempt into the next one: records the attempt in the job's history, clears its
   * errors and lock, and sets its wait-until to {@code now} plus the backoff (or the delay the job
   * asked for). The job is then pending again with the same id.
   *
   * @return the pause before the next attempt
   */
  public static Duration prepareNextAttempt(
      Job job, RetryPolicy queueDefault, Instant now, RandomGenerator random) {
    RetryInfo info = job.retryInfo();
    JobTimeInfo times = job.timeInfo();
    JobStatus status = job.status();
    Duration delay =
        info.requestedDelay() != null
            ? info.requestedDelay()
            : policyFor(job, queueDefault).backoff().delay(info.attempt() + 1, random);
    job.setRetryInfo(
        info.next(
            new JobAttempt(
                info.attempt(),
                times.start(),
                times.end() != null ? times.end() : now,
                status.errors())));
    job.setStatus(
        new JobStatus("", false, false, false, now, status.modificationCount() + 1, List.of()));
    job.setTimeInfo(times.withEnd(null).withWaitUntil(now.plus(delay)));
    return delay;
  }
}
