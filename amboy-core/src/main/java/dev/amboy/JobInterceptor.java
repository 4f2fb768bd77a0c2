package dev.amboy;

/**
 * Wraps the run of every job of a queue, on the worker's thread, so that tracing scopes, MDC or
 * security contexts can surround the job's code. Interceptors run in the order they were added;
 * each must call {@link Invocation#proceed()} exactly once and let its exceptions through.
 */
@FunctionalInterface
public interface JobInterceptor {

  /** The rest of the chain: the next interceptor, or the job itself. */
  @FunctionalInterface
  interface Invocation {
    void proceed() throws Exception;
  }

  /**
   * Runs around one job run.
   *
   * @param queue the queue the job came from
   * @param job the job about to run
   * @param context the run's context
   * @param invocation continues the chain
   */
  void aroundRun(Queue queue, Job job, JobContext context, Invocation invocation) throws Exception;
}
