package dev.amboy;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Holds jobs and decides the order they run in; its {@link Runner} owns the threads that run them.
 *
 * <p>Lifecycle: put jobs at any time after construction (local queues hold them until started),
 * {@link #start()} starts the runner, {@link #close(Duration)} stops taking new jobs, lets running
 * jobs finish for up to the drain timeout, then interrupts the rest. An interrupted job is
 * <em>canceled</em>: released, not completed, so that it can run again.
 */
public interface Queue extends AutoCloseable {

  /** The queue's id: its name, unique within the application. */
  String id();

  /**
   * Adds a job. Sets the job's created time when it has none.
   *
   * @throws DuplicateJobException when a job with the same id is in the queue
   * @throws QueueFullException when a bounded queue stays full for its put timeout
   * @throws QueueClosedException after {@link #close(Duration)}
   * @throws IllegalArgumentException when the job's time info is invalid
   */
  void put(Job job);

  /**
   * Adds several jobs. Stops at the first failure; the jobs before it stay in the queue. Queues
   * that store jobs remotely override this with a batch insert.
   */
  default void putAll(Collection<? extends Job> jobs) {
    for (Job job : jobs) {
      put(job);
    }
  }

  /** The job with this id, in whatever state it is. */
  Optional<Job> get(String id);

  /**
   * Waits up to {@code timeout} for a job that may run now, locks it for this queue and marks it in
   * progress. The caller must hand it back through {@link #complete(Job)}.
   *
   * @return the dispatched job, or empty when none became ready in time
   */
  Optional<Job> next(Duration timeout) throws InterruptedException;

  /**
   * Records that a dispatched job finished: it becomes completed, or, when its status is canceled,
   * it is released and dispatched again.
   */
  void complete(Job job);

  /**
   * Completes a dispatched job, then waits for the next one: {@link #complete(Job)} followed by
   * {@link #next(Duration)}, which queues may do in one step. The completion always happens, even
   * when the wait is interrupted.
   */
  default Optional<Job> completeAndNext(Job done, Duration timeout) throws InterruptedException {
    complete(done);
    return next(timeout);
  }

  /**
   * Stores the job's current state.
   *
   * @throws JobNotDefinedException when the queue does not hold the job
   * @throws LockNotHeldException when another owner holds the job's lock
   */
  void save(Job job);

  /** Every job the queue holds: pending, running and retained completed ones. Close the stream. */
  Stream<Job> jobs();

  /** Counters that are consistent with each other at the moment they are taken. */
  QueueStats stats();

  QueueInfo info();

  Runner runner();

  /**
   * Replaces the runner.
   *
   * @throws IllegalStateException once the queue has started
   */
  void setRunner(Runner runner);

  /** Starts the runner; calling it again does nothing. */
  void start();

  /**
   * Stops the queue: no new jobs are accepted or dispatched, running jobs get {@code drainTimeout}
   * to finish, then their threads are interrupted and the jobs are released.
   */
  void close(Duration drainTimeout);

  /** Closes without a drain period: running jobs are interrupted at once. */
  @Override
  default void close() {
    close(Duration.ZERO);
  }

  /** Registers a listener for job events; listeners run on the thread that caused the event. */
  void addListener(QueueListener listener);

  /** Adds an interceptor that wraps every run of this queue's jobs, after those added before. */
  void addInterceptor(JobInterceptor interceptor);

  /** The interceptors in the order they wrap a run (outermost first). */
  List<JobInterceptor> interceptors();
}
