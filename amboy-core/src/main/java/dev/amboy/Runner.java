package dev.amboy;

import java.time.Duration;

/**
 * Owns the threads that take jobs from one queue and run them. A runner never decides the order of
 * jobs; that is the queue's job.
 */
public interface Runner extends AutoCloseable {

  /** A short name of the runner kind, such as {@code pool} or {@code rate-limited}. */
  String kind();

  /** The most jobs this runner runs at once. */
  int workers();

  boolean isStarted();

  /**
   * Binds the runner to its queue. Called by {@link Queue#setRunner(Runner)}.
   *
   * @throws IllegalStateException once started, or when bound to another queue
   */
  void setQueue(Queue queue);

  /**
   * Starts taking work; calling it again does nothing.
   *
   * @throws IllegalStateException when no queue is set
   */
  void start();

  /**
   * A hint from the queue that a job became ready: a runner with fewer live workers than its size
   * starts one (workers start on demand and leave when idle). Must be cheap: it is called on the
   * enqueue path.
   */
  default void workAvailable() {}

  /**
   * Stops taking jobs, waits up to {@code drainTimeout} for running jobs, then interrupts the rest
   * and hands them back to the queue as canceled.
   */
  void close(Duration drainTimeout);

  @Override
  default void close() {
    close(Duration.ZERO);
  }
}
