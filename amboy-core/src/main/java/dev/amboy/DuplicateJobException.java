package dev.amboy;

/** A job with the same id is already in the queue, pending, running or completed. */
public class DuplicateJobException extends AmboyException {

  private static final long serialVersionUID = 1L;

  private final String queueId;
  private final String jobId;

  public DuplicateJobException(String queueId, String jobId) {
    this(queueId, jobId, "job '" + jobId + "' already exists in queue '" + queueId + "'");
  }

  public DuplicateJobException(String queueId, String jobId, String message) {
    super(message);
    this.queueId = queueId;
    this.jobId = jobId;
  }

  public String queueId() {
    return queueId;
  }

  public String jobId() {
    return jobId;
  }

  /** Whether {@code error} or one of its causes is a duplicate-job error. */
  public static boolean isDuplicate(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DuplicateJobException) {
        return true;
      }
    }
    return false;
  }
}
