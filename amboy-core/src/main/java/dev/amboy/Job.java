package dev.amboy;

import dev.amboy.dependency.DependencyManager;
import dev.amboy.retry.RetryInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A unit of work: an id, a registered type, the code to run, and the metadata queues use to order,
 * lock and record it. Applications extend {@link dev.amboy.job.AbstractJob} and write only {@link
 * #run(JobContext)}; the rest is plumbing shared by every job.
 *
 * <p>Queues own a job's status and times while it is in them; job code should not change them.
 */
public interface Job {

  /** The job's id, unique within its queue. */
  String id();

  /** The registered type, used to store and rebuild the job. */
  JobType type();

  /**
   * Does the work. A thrown exception is recorded as the job's error and the job is completed; the
   * worker carries on with the next job.
   *
   * @param context cancellation and deadline of this run
   */
  void run(JobContext context) throws Exception;

  /** What this job depends on; never {@code null} (an {@code Always} dependency by default). */
  DependencyManager dependency();

  void setDependency(DependencyManager dependency);

  /** A snapshot of the job's execution state. */
  JobStatus status();

  /** Replaces the job's execution state. Used by queues and by deserialization. */
  void setStatus(JobStatus status);

  /** A snapshot of the job's times. */
  JobTimeInfo timeInfo();

  /** Replaces every field of the time info that is set in {@code update}. */
  void updateTimeInfo(JobTimeInfo update);

  /** Replaces the whole time info, clearing fields that are unset in {@code value}. */
  void setTimeInfo(JobTimeInfo value);

  /** The job's retry policy, current attempt and finished attempts. */
  RetryInfo retryInfo();

  /** Replaces the retry state. Used by queues and by deserialization. */
  void setRetryInfo(RetryInfo info);

  /** The dispatch priority; a higher value runs first in priority-aware queues. */
  int priority();

  void setPriority(int priority);

  /** Records an error; the job keeps every error it is given. */
  void addError(String message);

  /** Records an error from an exception, described as its class and message. */
  default void addError(Throwable error) {
    addError(describe(error));
  }

  /** The recorded error messages, oldest first; empty when the job has not failed. */
  default List<String> errors() {
    return status().errors();
  }

  /**
   * Takes the job's lock for {@code owner}. Succeeds when the job is unlocked, already held by
   * {@code owner}, or held by someone whose lock is older than {@code lockTimeout}; every success
   * marks the job in progress, sets its modification time to {@code now} and increments its
   * modification count.
   *
   * @throws LockNotHeldException when another owner holds a fresh lock
   */
  void lock(String owner, Duration lockTimeout, Instant now);

  /**
   * Releases the job's lock. Does nothing when another owner holds a fresh lock, so a queue that
   * lost a job cannot release it from under its new owner.
   */
  void unlock(String owner, Duration lockTimeout, Instant now);

  /**
   * Names of exclusive resources the job needs; two jobs that share a scope never run at the same
   * time within a queue.
   */
  Set<String> scopes();

  void setScopes(Set<String> scopes);

  /**
   * Free-form string metadata that travels with the job, for example a trace context carried from
   * the enqueuing thread to the worker. Mutable.
   */
  Map<String, String> headers();

  /** Describes an exception the way jobs record it: its class and message. */
  static String describe(Throwable error) {
    String message = error.getMessage();
    String name = error.getClass().getName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
