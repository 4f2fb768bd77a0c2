package dev.amboy;

/** Thrown by {@link JobContext#checkCancelled()} when a running job has been asked to stop. */
public class JobCancelledException extends AmboyException {

  private static final long serialVersionUID = 1L;

  public JobCancelledException(String jobId) {
    super("job '" + jobId + "' was cancelled");
  }
}
