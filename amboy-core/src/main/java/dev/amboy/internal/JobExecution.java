package dev.amboy.internal;

import dev.amboy.AbortableRunner;
import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobInterceptor;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.retry.RetryLaterException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * One run of one job on one thread, and the only place that thread is interrupted on the job's
 * behalf. Stopping (abort, max time, cancellation) and finishing are decided under this object's
 * monitor, so an interrupt can never land after the run has finished and leak into the worker's
 * next job.
 */
public final class JobExecution implements JobContext {

  /** Why a run was stopped. */
  public enum Stop {
    NONE,
    ABORTED,
    TIMED_OUT,
    CANCELED
  }

  private final Job job;
  private final Thread thread;
  private volatile Stop stop = Stop.NONE;
  private boolean finished;
  private ScheduledFuture<?> timer;

  /** A run of {@code job} on {@code thread}; the deadline counts from the job's start time. */
  public JobExecution(Job job, Thread thread) {
    this.job = job;
    this.thread = thread;
  }

  public Job job() {
    return job;
  }

  @Override
  public String jobId() {
    return job.id();
  }

  @Override
  public boolean isCancelled() {
    return stop != Stop.NONE;
  }

  @Override
  public Optional<Instant> deadline() {
    JobTimeInfo times = job.timeInfo();
    if (!times.hasMaxTime()) {
      return Optional.empty();
    }
    Instant start = times.start() != null ? times.start() : Instant.now();
    return Optional.of(start.plus(times.maxTime()));
  }

  @Override
  public int attempt() {
    return job.retryInfo().attempt();
  }

  public Stop stopReason() {
    return stop;
  }

  /** Arms the max-time interrupt, if the job has a max time. */
  public void armMaxTime() {
    Duration maxTime = JobStates.maxTime(job);
    if (maxTime == null) {
      return;
    }
    synchronized (this) {
      if (!finished) {
        timer = AmboyScheduler.schedule(() -> stop(Stop.TIMED_OUT), maxTime);
      }
    }
  }

  /**
   * Stops the run for {@code reason}: marks it and interrupts its thread, unless it has already
   * finished or been stopped.
   *
   * @return whether this call stopped the run
   */
  public synchronized boolean stop(Stop reason) {
    if (finished || stop != Stop.NONE) {
      return false;
    }
    stop = reason;
    thread.interrupt();
    return true;
  }

  /**
   * Marks the run finished so that no further interrupt is sent, and clears an interrupt that
   * reached the thread before. Must be called on the running thread.
   *
   * @return why the run was stopped, or {@link Stop#NONE}
   */
  public Stop finish() {
    ScheduledFuture<?> armed;
    synchronized (this) {
      finished = true;
      armed = timer;
    }
    if (armed != null) {
      armed.cancel(false);
    }
    if (stop != Stop.NONE) {
      Thread.interrupted();
    }
    return stop;
  }

  private void invoke(Queue queue, List<JobInterceptor> interceptors, int index) throws Exception {
    if (index == interceptors.size()) {
      job.run(this);
      return;
    }
    interceptors
        .get(index)
        .aroundRun(queue, job, this, () -> invoke(queue, interceptors, index + 1));
  }

  /**
   * Runs the job on the current thread and records how it ended: an exception as the job's error,
   * an abort or timeout as the matching error, a cancellation as a canceled status (so its queue
   * releases the job instead of completing it).
   *
   * @return why the run was stopped, or {@link Stop#NONE}
   */
  public Stop runAndRecord() {
    return runAndRecord(null, List.of());
  }

  /**
   * Like {@link #runAndRecord()}, with the run wrapped by {@code interceptors} (outermost first).
   */
  public Stop runAndRecord(Queue queue, List<JobInterceptor> interceptors) {
    Throwable failure = null;
    armMaxTime();
    try {
      if (interceptors.isEmpty()) {
        job.run(this);
      } else {
        invoke(queue, interceptors, 0);
      }
    } catch (Throwable t) {
      failure = t;
    }
    Stop reason = finish();
    switch (reason) {
      case ABORTED -> job.addError(AbortableRunner.ABORTED_ERROR);
      case TIMED_OUT -> job.addError("exceeded max time of " + job.timeInfo().maxTime());
      case CANCELED -> job.setStatus(job.status().withCanceled(true));
      case NONE -> {
        if (failure instanceof RetryLaterException retry) {
          job.setRetryInfo(job.retryInfo().withRequestedDelay(retry.delay()));
        }
        if (failure != null) {
          job.addError(failure);
        }
      }
    }
    if (failure instanceof VirtualMachineError error) {
      throw error;
    }
    return reason;
  }
}
