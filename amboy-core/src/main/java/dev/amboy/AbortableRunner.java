package dev.amboy;

import java.util.Set;

/**
 * A runner that can stop individual running jobs. An aborted job is <em>completed</em> with the
 * error {@value #ABORTED_ERROR}; it does not run again.
 */
public interface AbortableRunner extends Runner {

  /** The error recorded on an aborted job. */
  String ABORTED_ERROR = "aborted";

  boolean isRunning(String jobId);

  /** The ids of the jobs running now. */
  Set<String> runningJobs();

  /**
   * Asks a running job to stop and interrupts its thread; the job is completed with the error
   * {@value #ABORTED_ERROR} as soon as its code returns.
   *
   * @return whether the job was running
   */
  boolean abort(String jobId);

  /**
   * Aborts every running job.
   *
   * @return how many jobs were aborted
   */
  int abortAll();
}
