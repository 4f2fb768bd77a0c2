package dev.amboy.internal;

import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
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

  /** Implemented by {@code AbstractJob}, which installs itself when its class is initialised. */
  public interface FastPath {
    boolean handles(Job job);

    void prepareTimes(Job job, Instant now);

    boolean takeOver(Job job);

    Readiness readiness(Job job, Instant now);

    Instant waitUntil(Job job);

    void dispatch(Job job, String owner, Duration lockTimeout, Instant now);

    boolean isRunningFor(Job job, String owner);

    boolean isCanceled(Job job);

    boolean isCompleted(Job job);

    void finish(Job job, Instant now);

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

  /** Locks the job for {@code owner}, clears a previous cancellation and sets its start time. */
  public static void dispatch(Job job, String owner, Duration lockTimeout, Instant now) {
    FastPath path = fast(job);
    if (path != null) {
      path.dispatch(job, owner, lockTimeout, now);
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
