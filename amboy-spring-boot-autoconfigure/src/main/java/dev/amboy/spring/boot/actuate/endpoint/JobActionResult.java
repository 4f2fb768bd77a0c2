package dev.amboy.spring.boot.actuate.endpoint;

import dev.amboy.spring.boot.actuate.endpoint.AmboyEndpoint.JobDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * What a write operation on a job did.
 *
 * @param queue the queue named in the request
 * @param id the job id named in the request
 * @param action the action asked for
 * @param done whether the action was carried out
 * @param reason why not, when it was not
 * @param message a sentence saying why not, when it was not
 * @param job the job after the action, when it was carried out
 */
public record JobActionResult(
    String queue,
    String id,
    @Nullable String action,
    boolean done,
    @Nullable Reason reason,
    @Nullable String message,
    @Nullable JobDescriptor job) {

  /** Why an action was not carried out. */
  public enum Reason {
    /** The queue or the job does not exist. */
    NOT_FOUND,
    /** The job is not in a state the action applies to, or the runner cannot abort. */
    CONFLICT,
    /** The action is not one the endpoint knows. */
    BAD_REQUEST
  }

  static JobActionResult done(String queue, String id, @Nullable String action, JobDescriptor job) {
    return new JobActionResult(queue, id, action, true, null, null, job);
  }

  static JobActionResult failed(
      String queue, String id, @Nullable String action, Reason reason, String message) {
    return new JobActionResult(queue, id, action, false, reason, message, null);
  }
}
