package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.Job;
import dev.amboy.Queue;

/**
 * Wraps every put into a queue the starter created, on the caller's thread and before the job is
 * stored, so that metadata such as a trace context can be written into {@link Job#headers()} while
 * the caller's context is current. Interceptor beans wrap in their {@code @Order}, the first
 * outermost.
 */
@FunctionalInterface
public interface AmboyPutInterceptor {

  /**
   * Runs around one put.
   *
   * @param queue the queue the job goes into
   * @param job the job
   * @param put stores the job (the next interceptor, then the queue); call it exactly once and let
   *     its exceptions through
   */
  void aroundPut(Queue queue, Job job, Runnable put);
}
