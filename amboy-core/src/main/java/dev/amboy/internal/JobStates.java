package dev.amboy.internal;

import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.retry.Retries;
import dev.amboy.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The state changes queues make on every job they carry, each in one step. Jobs that extend {@code
 * AbstractJob} (almost all) take a fast path that reads and writes their fields under a single lock
 * without building status or time records; other {@link dev.amboy.Job} implementations go through
 * the public interface.
 */
public final class JobStates {

  /** Readiness of a pending job at a given time. */
  public enum Readiness {
    READY,
    /** Its dispatch-by time has passed: drop it. */
    STALE,
    /** Its wait-until time has not come yet. */
    DEFERRED
  }

  /** What became of a job handed back to its queue by a worker. */
  public enum Completion {
    /** The queue does not hold the job's lock: it was not running there. */
    NOT_RUNNING,
    /** The job is now completed. */
    FINISHED,
    /** The run was canceled; the job is unlocked and must run again. */
    RELEASED,
    /** The run failed and the retry policy asks for another attempt; the job is unchanged. */
    RETRY
  }

  /** Implemented by {@code AbstractJob}, which installs itself when its class is initialised. */
  public interface FastPath {
    boolean handles(Job job);

    void prepareTimes(Job job, Instant now);

    boolean takeOver(Job job);

    Readiness readiness(Job job, Instant now);

    Instant waitUntil(Job job);

    void dispatch(Job job, Object dispatcher, String owner, Duration lockTimeout, Instant now);

    boolean isRunningFor(Job job, String owner);

    boolean isCanceled(Job job);

    boolean isCompleted(Job job);

    void finish(Job job, Instant now);

    Completion finishRun(
        Job job, String owner, Duration lockTimeout, RetryPolicy queueDefault, Instant now);

    Completion finishDispatchedRun(
        Job job,
        Object dispatcher,
        String owner,
        Duration lockTimeout,
        RetryPolicy queueDefault,
        Instant now);

    Duration maxTime(Job job);
  }

  private static volatile FastPath fastPath;

  private JobStates() {}

  /** Called once by {@code AbstractJob}. */
  public static void install(FastPath implementation) {
    fastPath = implementation;
  }

  private static FastPath fast(Job job) {
    FastPath path = fastPath;
    return path != null && path.handles(job) ? path : null;
  }

  /**
   * Whether the job's state changes take the fast path ({@code AbstractJob}), which runs none of
   * the job's own code: a queue may then change it where calling back into the queue would
   * deadlock.
   */
  public static boolean hasFastPath(Job job) {
    return fast(job) != null;
  }

  /**
   * Sets the created time when missing and validates the time info.
   *
   * @throws IllegalArgumentException when the times are inconsistent
   */
  public static void prepareTimes(Job job, Instant now) {
    FastPath path = fast(job);
    if (path != null) {
      path.prepareTimes(job, now);
      return;
    }
    JobTimeInfo times = job.timeInfo();
    if (times.created() == null) {
      job.updateTimeInfo(JobTimeInfo.empty().withCreated(now));
      times = job.timeInfo();
    }
    times.validate();
  }

  /**
   * Makes a job arriving in a queue the queue's own: a lock held elsewhere is dropped.
   *
   * @return whether the job is already completed
   */
  public static boolean takeOver(Job job) {
    FastPath path = fast(job);
    if (path != null) {
      return path.takeOver(job);
    }
    JobStatus status = job.status();
    if (status.inProgress()) {
      job.setStatus(status.withInProgress(false).withOwner(""));
    }
    return status.completed();
  }

  public static Readiness readiness(Job job, Instant now) {
    FastPath path = fast(job);
    if (path != null) {
      return path.readiness(job, now);
    }
    JobTimeInfo times = job.timeInfo();
    if (times.isStale(now)) {
      return Readiness.STALE;
    }
    return times.isDispatchable(now) ? Readiness.READY : Readiness.DEFERRED;
  }

  public static Instant waitUntil(Job job) {
    FastPath path = fast(job);
    return path != null ? path.waitUntil(job) : job.timeInfo().waitUntil();
  }

  /**
   * Locks the job for {@code owner}, clears a previous cancellation and sets its start time. The
   * {@code dispatcher} (the queue instance) is remembered for {@link #finishDispatchedRun}.
   */
  public static void dispatch(
      Job job, Object dispatcher, String owner, Duration lockTimeout, Instant now) {
    FastPath path = fast(job);
    if (path != null) {
      path.dispatch(job, dispatcher, owner, lockTimeout, now);
      return;
    }
    job.lock(owner, lockTimeout, now);
    JobStatus status = job.status();
    if (status.canceled()) {
      job.setStatus(status.withCanceled(false));
    }
    job.updateTimeInfo(JobTimeInfo.empty().withStart(now));
  }

  /** Whether {@code owner} holds the job's lock. */
  public static boolean isRunningFor(Job job, String owner) {
    FastPath path = fast(job);
    if (path != null) {
      return path.isRunningFor(job, owner);
    }
    JobStatus status = job.status();
    return status.inProgress() && owner.equals(status.owner());
  }

  public static boolean isCanceled(Job job) {
    FastPath path = fast(job);
    return path != null ? path.isCanceled(job) : job.status().canceled();
  }

  public static boolean isCompleted(Job job) {
    FastPath path = fast(job);
    return path != null ? path.isCompleted(job) : job.status().completed();
  }

  /** Marks the job completed and unlocked at {@code now}, keeping its errors. */
  public static void finish(Job job, Instant now) {
    FastPath path = fast(job);
    if (path != null) {
      path.finish(job, now);
      return;
    }
    JobStatus status = job.status();
    job.setStatus(
        new JobStatus(
            "", true, false, false, now, status.modificationCount() + 1, status.errors()));
    job.updateTimeInfo(JobTimeInfo.empty().withEnd(now));
  }

  /**
   * Ends a run the way its status says: released when canceled, left for a retry when the policy
   * asks for one, otherwise completed — decided and applied in one step.
   */
  public static Completion finishRun(
      Job job, String owner, Duration lockTimeout, RetryPolicy queueDefault, Instant now) {
    FastPath path = fast(job);
    if (path != null) {
      return path.finishRun(job, owner, lockTimeout, queueDefault, now);
    }
    if (!isRunningFor(job, owner)) {
      return Completion.NOT_RUNNING;
    }
    if (job.status().canceled()) {
      job.unlock(owner, lockTimeout, now);
      return Completion.RELEASED;
    }
    if (Retries.shouldRetry(job, queueDefault)) {
      return Completion.RETRY;
    }
    finish(job, now);
    return Completion.FINISHED;
  }

  /**
   * Like {@link #finishRun}, for a run that {@code dispatcher} started on this very instance: a
   * queue completing the job it handed out knows it is the stored one without looking it up.
   *
   * @return how the run ended, or {@code null} (and nothing changed) when this instance was not
   *     dispatched by {@code dispatcher} or the job does not take the fast path
   */
  public static Completion finishDispatchedRun(
      Job job,
      Object dispatcher,
      String owner,
      Duration lockTimeout,
      RetryPolicy queueDefault,
      Instant now) {
    FastPath path = fast(job);
    return path == null
        ? null
        : path.finishDispatchedRun(job, dispatcher, owner, lockTimeout, queueDefault, now);
  }

  /** The job's max time, or {@code null} when it has none. */
  public static Duration maxTime(Job job) {
    FastPath path = fast(job);
    Duration maxTime = path != null ? path.maxTime(job) : job.timeInfo().maxTime();
    return maxTime == null || maxTime.isZero() || maxTime.isNegative() ? null : maxTime;
  }

  /** An empty error list that callers may share. */
  public static List<String> noErrors() {
    return List.of();
  }
}
