package dev.amboy.job;

import dev.amboy.Job;
import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.internal.JobIds;
import java.util.Objects;

/**
 * Jobs from lambdas, for work that needs no class: {@code queue.put(Jobs.of("resize-42", ctx ->
 * resize(42)))}. Their type is local-only ({@value #LAMBDA_TYPE_NAME}, version -1): a lambda cannot
 * be stored, so such jobs run on in-memory queues only.
 */
public final class Jobs {

  public static final String LAMBDA_TYPE_NAME = "lambda";

  /** The local-only type of every lambda job. */
  public static final JobType LAMBDA_TYPE = JobType.of(LAMBDA_TYPE_NAME, -1);

  private Jobs() {}

  /** The code of a lambda job. */
  @FunctionalInterface
  public interface JobAction {
    void run(JobContext context) throws Exception;
  }

  /** A lambda job with the given id. */
  public static AbstractJob of(String id, JobAction action) {
    return new LambdaJob(id, action);
  }

  /** A lambda job with a generated id. */
  public static AbstractJob of(JobAction action) {
    return new LambdaJob(JobIds.next(LAMBDA_TYPE_NAME), action);
  }

  private static final class LambdaJob extends AbstractJob {
    private final transient JobAction action;

    LambdaJob(String id, JobAction action) {
      super(Objects.requireNonNull(id, "id"), LAMBDA_TYPE);
      this.action = Objects.requireNonNull(action, "action");
    }

    @Override
    public void run(JobContext context) throws Exception {
      action.run(context);
    }
  }

  /** Whether a job was made by this class and so cannot be stored. */
  public static boolean isLambda(Job job) {
    return job instanceof LambdaJob;
  }
}
