package dev.amboy.sample;

import dev.amboy.Job;
import dev.amboy.JobOutcome;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import java.time.Instant;
import java.util.List;

/**
 * What the HTTP API shows of a job.
 *
 * @param id the job id
 * @param queue the queue it is in
 * @param type its registered type
 * @param state pending, running or completed
 * @param outcome success, error or aborted once completed
 * @param errors its errors
 * @param created when it was put
 * @param started when it started
 * @param ended when it completed
 * @param result what it produced, once completed
 */
public record JobView(
    String id,
    String queue,
    String type,
    String state,
    String outcome,
    List<String> errors,
    Instant created,
    Instant started,
    Instant ended,
    Object result) {

  public static JobView of(String queue, Job job, Object result) {
    JobStatus status = job.status();
    JobTimeInfo times = job.timeInfo();
    String state = status.completed() ? "completed" : status.inProgress() ? "running" : "pending";
    return new JobView(
        job.id(),
        queue,
        job.type().name(),
        state,
        status.completed() ? JobOutcome.of(job).tag() : null,
        status.errors(),
        times.created(),
        times.start(),
        times.end(),
        result);
  }
}
