package dev.amboy;

import dev.amboy.internal.JobExecution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Helpers that work on any queue: unique enqueue, bulk population, error collection, running a job
 * without a queue, and waiting for jobs. Every wait has a timeout and ends early, with an {@link
 * InterruptedException}, when the waiting thread is interrupted.
 */
public final class Amboy {

  private static final Duration TIGHT_POLL = Duration.ofMillis(1);

  private Amboy() {}

  /**
   * Puts a job unless the queue already has one with its id.
   *
   * @return whether the job was added
   */
  public static boolean enqueueUnique(Queue queue, Job job) {
    try {
      queue.put(job);
      return true;
    } catch (DuplicateJobException e) {
      return false;
    }
  }

  /**
   * Puts every job, carrying on past failures.
   *
   * @return how many jobs were added
   * @throws AmboyException after trying all jobs, when any put failed; each failure is attached as
   *     a suppressed exception
   */
  public static int populate(Queue queue, Iterable<? extends Job> jobs) {
    int added = 0;
    List<RuntimeException> failures = new ArrayList<>();
    for (Job job : jobs) {
      try {
        queue.put(job);
        added++;
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      AmboyException aggregate =
          new AmboyException(
              failures.size()
                  + " of "
                  + (added + failures.size())
                  + " jobs could not be put into queue '"
                  + queue.id()
                  + "'; first: "
                  + failures.get(0).getMessage());
      failures.forEach(aggregate::addSuppressed);
      throw aggregate;
    }
    return added;
  }

  /** The errors of every completed job the queue retains, each as {@code "<job id>: <error>"}. */
  public static List<String> extractErrors(Queue queue) {
    List<String> errors = new ArrayList<>();
    try (Stream<Job> jobs = queue.jobs()) {
      jobs.forEach(
          job -> {
            JobStatus status = job.status();
            if (status.completed()) {
              status.errors().forEach(error -> errors.add(job.id() + ": " + error));
            }
          });
    }
    return errors;
  }

  /** All errors of the queue's completed jobs as one exception, or empty when there are none. */
  public static Optional<AmboyException> resolveErrors(Queue queue) {
    List<String> errors = extractErrors(queue);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AmboyException(
            errors.size()
                + " job errors in queue '"
                + queue.id()
                + "': "
                + String.join("; ", errors)));
  }

  /** Runs a job on the calling thread as a queue would; see {@link #runJob(Job, Clock)}. */
  public static List<String> runJob(Job job) {
    return runJob(job, Clock.systemUTC());
  }

  /**
   * Runs a job on the calling thread as a queue would, without one: records start and end times,
   * interrupts the thread when the job's max time is exceeded, records a thrown exception as the
   * job's error and marks the job completed.
   *
   * @return the job's errors after the run; empty on success
   */
  public static List<String> runJob(Job job, Clock clock) {
    Instant start = clock.instant();
    job.updateTimeInfo(JobTimeInfo.empty().withStart(start));
    JobExecution execution = new JobExecution(job, Thread.currentThread());
    execution.runAndRecord();
    job.updateTimeInfo(JobTimeInfo.empty().withEnd(clock.instant()));
    job.setStatus(job.status().withCompleted(true).withInProgress(false));
    return job.errors();
  }

  /**
   * Waits, checking often, until every job that can finish has finished ({@link
   * QueueStats#isComplete()}).
   *
   * @return whether the queue finished before the timeout
   */
  public static boolean wait(Queue queue, Duration timeout) throws InterruptedException {
    return waitInterval(queue, TIGHT_POLL, timeout);
  }

  /**
   * Waits until {@link QueueStats#isComplete()}, checking every {@code interval}.
   *
   * @return whether the queue finished before the timeout
   */
  public static boolean waitInterval(Queue queue, Duration interval, Duration timeout)
      throws InterruptedException {
    return poll(() -> queue.stats().isComplete(), interval, timeout);
  }

  /**
   * Waits until at least {@code count} jobs have completed, checking every {@code interval}.
   *
   * @return whether that many completed before the timeout
   */
  public static boolean waitIntervalNum(
      Queue queue, Duration interval, long count, Duration timeout) throws InterruptedException {
    return poll(() -> queue.stats().completed() >= count, interval, timeout);
  }

  /** Waits, checking often, until the job is completed; see {@link #waitJobInterval}. */
  public static boolean waitJob(Queue queue, String jobId, Duration timeout)
      throws InterruptedException {
    return waitJobInterval(queue, jobId, TIGHT_POLL, timeout);
  }

  /**
   * Waits until the job with this id is completed, checking every {@code interval}.
   *
   * @return whether the job completed before the timeout; {@code false} at once when the queue does
   *     not hold (or no longer holds) the job
   */
  public static boolean waitJobInterval(
      Queue queue, String jobId, Duration interval, Duration timeout) throws InterruptedException {
    boolean[] missing = new boolean[1];
    boolean done =
        poll(
            () -> {
              Optional<Job> job = queue.get(jobId);
              if (job.isEmpty()) {
                missing[0] = true;
                return true;
              }
              return job.get().status().completed();
            },
            interval,
            timeout);
    return done && !missing[0];
  }

  /**
   * The ids of the queue's jobs by state, at most {@code limit} of each; a negative limit means no
   * limit and zero gives an empty report.
   */
  public static QueueReport report(Queue queue, int limit) {
    List<String> completed = new ArrayList<>();
    List<String> inProgress = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    if (limit != 0) {
      try (Stream<Job> jobs = queue.jobs()) {
        jobs.forEach(
            job -> {
              JobStatus status = job.status();
              List<String> bucket =
                  status.completed() ? completed : status.inProgress() ? inProgress : pending;
              if (limit < 0 || bucket.size() < limit) {
                bucket.add(job.id());
              }
            });
      }
    }
    return new QueueReport(completed, inProgress, pending);
  }

  private interface Condition {
    boolean met();
  }

  private static boolean poll(Condition condition, Duration interval, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Math.max(TimeUnit.MICROSECONDS.toNanos(100), interval.toNanos());
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting");
      }
      if (condition.met()) {
        return true;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(pause, remaining));
    }
  }
}
