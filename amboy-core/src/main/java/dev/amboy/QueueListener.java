package dev.amboy;

/**
 * Receives job events from a queue, so that metrics, tracing and logging plug in without the queue
 * knowing them. Every method does nothing by default. Listeners run on the thread that caused the
 * event, outside the queue's locks; they must be fast and must not throw.
 */
public interface QueueListener {

  /** A job was accepted. */
  default void onJobPut(Queue queue, Job job) {}

  /** A job was dispatched to a worker. */
  default void onJobStarted(Queue queue, Job job) {}

  /** A job completed, successfully or not; see {@link JobOutcome#of(Job)}. */
  default void onJobCompleted(Queue queue, Job job) {}

  /** A job failed an attempt and will run again after its retry backoff. */
  default void onJobRetried(Queue queue, Job job) {}

  /** A canceled job was released to run again. */
  default void onJobReleased(Queue queue, Job job) {}

  /** A job was dropped because its dispatch-by time passed. */
  default void onJobDropped(Queue queue, Job job) {}
}
