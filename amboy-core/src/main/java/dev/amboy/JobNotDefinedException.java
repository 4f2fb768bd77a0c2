package dev.amboy;

/** The queue holds no job with the requested id. */
public class JobNotDefinedException extends AmboyException {

  private static final long serialVersionUID = 1L;

  private final String queueId;
  private final String jobId;

  public JobNotDefinedException(String queueId, String jobId) {
    super("job '" + jobId + "' is not defined in queue '" + queueId + "'");
    this.queueId = queueId;
    this.jobId = jobId;
  }

  public String queueId() {
    return queueId;
  }

  public String jobId() {
    return jobId;
  }
}
