package dev.amboy;

/**
 * Job counts of one queue, taken together so that {@code total == pending + running + completed +
 * dropped} holds in every snapshot.
 *
 * @param running jobs dispatched and not yet completed
 * @param completed jobs completed since the queue was created, including those no longer retained
 * @param pending jobs waiting to run, including deferred and blocked ones
 * @param blocked pending jobs that cannot run until something else happens (a dependency)
 * @param total every job the queue has accepted
 * @param dropped jobs discarded because their dispatch-by time passed before they ran
 */
public record QueueStats(
    long running, long completed, long pending, long blocked, long total, long dropped) {

  public static final QueueStats EMPTY = new QueueStats(0, 0, 0, 0, 0, 0);

  /**
   * Whether every job that can finish has finished: nothing runs and everything pending is blocked.
   * This is what the {@code Amboy.wait*} helpers wait for.
   */
  public boolean isComplete() {
    return completed + dropped + blocked >= total && running == 0;
  }
}
