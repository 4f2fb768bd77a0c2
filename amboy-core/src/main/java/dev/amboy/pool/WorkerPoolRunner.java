package dev.amboy.pool;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.Runner;
import dev.amboy.internal.JobExecution;
import dev.amboy.internal.VirtualThreads;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Up to N worker threads taking jobs from one queue. Workers start when work arrives and, with an
 * idle timeout, exit when there is none, so a quiet queue holds no threads. Subclasses expose
 * aborting ({@link AbortablePoolRunner}) or pause after each job to limit the rate.
 */
class WorkerPoolRunner implements Runner {

  private static final Logger log = LoggerFactory.getLogger(WorkerPoolRunner.class);
  private static final Duration KEEP_FOREVER_POLL = Duration.ofHours(1);
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);

  private final String kind;
  private final int workers;
  private final ThreadFactory threadFactory;
  private final boolean virtualThreads;
  private final Duration idleTimeout;
  private final boolean pausesAfterJobs;

  private final Object lifecycle = new Object();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger threadNumbers = new AtomicInteger();
  private final Set<Worker> active = ConcurrentHashMap.newKeySet();
  private volatile Queue queue;
  private volatile boolean started;
  private volatile boolean accepting;

  WorkerPoolRunner(String kind, RunnerOptions options) {
    this(kind, options, false);
  }

  /**
   * A runner whose workers call {@link #afterJob} after every job when {@code pausesAfterJobs};
   * otherwise a worker hands a finished job back and takes the next one in one step.
   */
  WorkerPoolRunner(String kind, RunnerOptions options, boolean pausesAfterJobs) {
    this.kind = kind;
    this.pausesAfterJobs = pausesAfterJobs;
    this.workers = options.workers();
    this.threadFactory = options.threadFactory();
    this.virtualThreads = options.virtualThreads();
    this.idleTimeout = options.idleTimeout();
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public int workers() {
    return workers;
  }

  @Override
  public boolean isStarted() {
    return started;
  }

  @Override
  public void setQueue(Queue queue) {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException(
            "runner of queue '" + this.queue.id() + "' has started; its queue cannot change");
      }
      if (this.queue != null && this.queue != queue) {
        throw new IllegalStateException(
            "runner is already bound to queue '"
                + this.queue.id()
                + "'; create one runner per queue");
      }
      this.queue = queue;
    }
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (started) {
        return;
      }
      if (queue == null) {
        throw new IllegalStateException("runner has no queue; call Queue.setRunner first");
      }
      accepting = true;
      started = true;
    }
  }

  @Override
  public void workAvailable() {
    if (!accepting) {
      return;
    }
    int current;
    do {
      current = live.get();
      if (current >= workers) {
        return;
      }
    } while (!live.compareAndSet(current, current + 1));
    startWorker();
  }

  private void startWorker() {
    Worker worker = new Worker();
    Thread thread;
    try {
      Runnable task = worker::run;
      String name = "amboy-" + queue.id() + "-worker-" + threadNumbers.incrementAndGet();
      if (threadFactory != null) {
        thread = threadFactory.newThread(task);
      } else if (virtualThreads) {
        thread = VirtualThreads.newThread(name, task);
      } else {
        thread = new Thread(task, name);
      }
    } catch (RuntimeException | Error e) {
      live.decrementAndGet();
      log.error("cannot create a worker thread for queue '{}'", queue.id(), e);
      return;
    }
    worker.thread = thread;
    active.add(worker);
    thread.start();
  }

  /**
   * Called after each job on the worker's thread, once the job is completed; rate-limited runners
   * sleep here. Only called when the runner was created with {@code pausesAfterJobs}.
   *
   * @param job the job that just completed
   * @throws InterruptedException when the runner is closing
   */
  protected void afterJob(Job job) throws InterruptedException {}

  @Override
  public void close(Duration drainTimeout) {
    synchronized (lifecycle) {
      if (!accepting) {
        return;
      }
      accepting = false;
    }
    for (Worker worker : active) {
      worker.wakeIfIdle();
    }
    long deadline = System.nanoTime() + Math.max(0, drainTimeout.toNanos());
    joinAll(deadline);
    for (Worker worker : active) {
      worker.cancelCurrent();
    }
    joinAll(System.nanoTime() + INTERRUPT_GRACE.toNanos());
    for (Worker worker : active) {
      JobExecution execution = worker.current;
      log.warn(
          "queue '{}': job '{}' ignored interruption and still runs on {}",
          queue.id(),
          execution == null ? "?" : execution.jobId(),
          worker.thread.getName());
    }
  }

  private void joinAll(long deadlineNanos) {
    for (Worker worker : active) {
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.timedJoin(worker.thread, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public boolean isRunning(String jobId) {
    return findExecution(jobId) != null;
  }

  public Set<String> runningJobs() {
    Set<String> ids = new LinkedHashSet<>();
    for (Worker worker : active) {
      JobExecution execution = worker.current;
      if (execution != null) {
        ids.add(execution.jobId());
      }
    }
    return ids;
  }

  public boolean abort(String jobId) {
    JobExecution execution = findExecution(jobId);
    return execution != null && execution.stop(JobExecution.Stop.ABORTED);
  }

  public int abortAll() {
    int aborted = 0;
    for (Worker worker : active) {
      JobExecution execution = worker.current;
      if (execution != null && execution.stop(JobExecution.Stop.ABORTED)) {
        aborted++;
      }
    }
    return aborted;
  }

  private JobExecution findExecution(String jobId) {
    for (Worker worker : active) {
      JobExecution execution = worker.current;
      if (execution != null && execution.jobId().equals(jobId)) {
        return execution;
      }
    }
    return null;
  }

  private boolean shouldRetire() {
    return idleTimeout != null && (live.get() > 1 || queue.stats().pending() == 0);
  }

  @Override
  public String toString() {
    return kind + "[" + workers + " workers" + (queue == null ? "" : ", " + queue.id()) + "]";
  }

  /** One worker thread's loop. */
  private final class Worker {
    private Thread thread;
    private volatile JobExecution current;

    void run() {
      Duration poll = idleTimeout != null ? idleTimeout : KEEP_FOREVER_POLL;
      Job finished = null;
      try {
        while (accepting) {
          Optional<Job> next;
          try {
            if (finished != null) {
              Job done = finished;
              finished = null;
              next = queue.completeAndNext(done, poll);
            } else {
              next = queue.next(poll);
            }
          } catch (InterruptedException e) {
            continue;
          } catch (RuntimeException e) {
            log.error("queue '{}' failed to hand out work", queue.id(), e);
            continue;
          }
          if (next.isEmpty()) {
            if (shouldRetire()) {
              return;
            }
            continue;
          }
          Job job = next.get();
          if (!runOne(job)) {
            return;
          }
          if (pausesAfterJobs) {
            completeQuietly(job);
            try {
              afterJob(job);
            } catch (InterruptedException e) {
              if (!accepting) {
                return;
              }
            }
          } else {
            finished = job;
          }
        }
      } finally {
        if (finished != null) {
          completeQuietly(finished);
        }
        active.remove(this);
        if (live.decrementAndGet() == 0 && accepting && queue.stats().pending() > 0) {
          workAvailable();
        }
      }
    }

    /**
     * Runs one dispatched job; returns false when the runner stopped before it could start.
     *
     * <p>{@code current} is published before {@code accepting} is read, and {@link #close} clears
     * {@code accepting} before reading {@code current}: with both volatile, either this worker sees
     * the runner closing and hands the job back, or close sees the job running and leaves the
     * interrupt to the job's own stop, never interrupting it by mistake.
     */
    private boolean runOne(Job job) {
      JobExecution execution = new JobExecution(job, thread);
      current = execution;
      if (!accepting) {
        current = null;
        job.setStatus(job.status().withCanceled(true));
        completeQuietly(job);
        return false;
      }
      try {
        execution.runAndRecord(queue, queue.interceptors());
      } catch (VirtualMachineError fatal) {
        clearCurrent();
        completeQuietly(job);
        throw fatal;
      }
      clearCurrent();
      return true;
    }

    private void clearCurrent() {
      current = null;
      Thread.interrupted();
    }

    private void completeQuietly(Job job) {
      try {
        queue.complete(job);
      } catch (RuntimeException e) {
        log.error("queue '{}' could not complete job '{}'", queue.id(), job.id(), e);
      }
    }

    void wakeIfIdle() {
      if (current == null && thread != null) {
        thread.interrupt();
      }
    }

    void cancelCurrent() {
      JobExecution execution = current;
      if (execution != null) {
        execution.stop(JobExecution.Stop.CANCELED);
      }
    }
  }
}
