package dev.amboy.schedule;

import dev.amboy.Queue;

/**
 * Work a schedule does on a queue each time it fires: usually putting jobs, sometimes maintenance.
 * {@link QueueOperations} makes the common ones.
 *
 * <p>An operation runs on its schedule's thread. It should return promptly when that thread is
 * interrupted (the schedule is stopping); throwing {@link InterruptedException} is the way to say
 * so.
 */
@FunctionalInterface
public interface QueueOperation {

  /**
   * Does the work once.
   *
   * @throws Exception reported to the schedule, which logs it or stops as its {@link
   *     QueueOperationConfig} says
   */
  void run(Queue queue) throws Exception;
}
