package dev.amboy.spring.boot.actuate.endpoint;

import dev.amboy.AbortableRunner;
import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobOutcome;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.Queue;
import dev.amboy.QueueGroup;
import dev.amboy.QueueInfo;
import dev.amboy.QueueReport;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import dev.amboy.schedule.ScheduledOperation;
import dev.amboy.spring.boot.autoconfigure.AmboyLifecycle;
import dev.amboy.spring.boot.autoconfigure.AmboyOperations;
import dev.amboy.spring.boot.autoconfigure.AmboyQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code amboy} actuator endpoint:
 *
 * <ul>
 *   <li>{@code GET /actuator/amboy}: every queue and group with kind, state, job counts and runner,
 *       and the scheduled operations;
 *   <li>{@code GET /actuator/amboy/{name}}: one queue (or group's queue, {@code <group>:<queue>})
 *       with the ids of its jobs by state, at most {@code limit} (default {@value #DEFAULT_LIMIT})
 *       of each, or one group with its queues;
 *   <li>{@code GET /actuator/amboy/{name}/{jobId}}: one job's state, errors and times; 404 when
 *       unknown;
 *   <li>{@code POST /actuator/amboy/{name}/{jobId}} with {@code {"action": "complete"}} (mark a job
 *       that has not run completed, without running it) or {@code {"action": "abort"}} (stop a
 *       running job; its queue's runner must be abortable).
 * </ul>
 */
@Endpoint(id = "amboy")
public class AmboyEndpoint {

  /** How many job ids of each state a queue report lists unless asked otherwise. */
  public static final int DEFAULT_LIMIT = 100;

  private final AmboyQueues queues;
  private final AmboyOperations operations;
  private final AmboyLifecycle lifecycle;
  private final Map<String, String> groupKinds;

  /**
   * @param groupKinds the kind of each group the starter configured; other groups show as {@code
   *     custom}
   */
  public AmboyEndpoint(
      AmboyQueues queues,
      AmboyOperations operations,
      AmboyLifecycle lifecycle,
      Map<String, String> groupKinds) {
    this.queues = queues;
    this.operations = operations;
    this.lifecycle = lifecycle;
    this.groupKinds = Map.copyOf(groupKinds);
  }

  @ReadOperation
  public AmboyDescriptor amboy() {
    Map<String, QueueDescriptor> queueDescriptors = new LinkedHashMap<>();
    queues.queues().forEach((name, queue) -> queueDescriptors.put(name, describe(queue)));
    Map<String, GroupDescriptor> groupDescriptors = new LinkedHashMap<>();
    queues.groups().forEach((name, group) -> groupDescriptors.put(name, describe(name, group)));
    Map<String, OperationDescriptor> operationDescriptors = new LinkedHashMap<>();
    operations
        .operations()
        .forEach(
            (name, operation) ->
                operationDescriptors.put(name, describe(operations.queueOf(name), operation)));
    return new AmboyDescriptor(
        lifecycle.state().name().toLowerCase(Locale.ROOT),
        queueDescriptors,
        groupDescriptors,
        operationDescriptors);
  }

  /**
   * One queue with a report of its job ids, or one group with its queues; {@code null} (404) when
   * there is neither.
   */
  @ReadOperation
  public @Nullable Object queue(@Selector String name, @Nullable Integer limit) {
    Optional<Queue> queue = queues.find(name);
    if (queue.isPresent()) {
      int bound = limit == null ? DEFAULT_LIMIT : Math.max(0, limit);
      return detail(queue.get(), bound);
    }
    QueueGroup group = queues.groups().get(name);
    return group == null ? null : describe(name, group);
  }

  /** One job; {@code null} (404) when the queue or the job is unknown. */
  @ReadOperation
  public @Nullable JobDescriptor job(@Selector String name, @Selector String jobId) {
    return queues
        .find(name)
        .flatMap(queue -> queue.get(jobId).map(job -> describe(name, queue, job)))
        .orElse(null);
  }

  /**
   * Completes a job that has not run, or aborts a running one.
   *
   * @param action {@code complete} or {@code abort}
   */
  @WriteOperation
  public JobActionResult jobAction(
      @Selector String name, @Selector String jobId, @Nullable String action) {
    Optional<Queue> found = queues.find(name);
    if (found.isEmpty()) {
      return JobActionResult.failed(
          name,
          jobId,
          action,
          JobActionResult.Reason.NOT_FOUND,
          "there is no queue named '" + name + "'");
    }
    Queue queue = found.get();
    Optional<Job> job = queue.get(jobId);
    if (job.isEmpty()) {
      return JobActionResult.failed(
          name,
          jobId,
          action,
          JobActionResult.Reason.NOT_FOUND,
          "queue '" + name + "' holds no job '" + jobId + "'");
    }
    return switch (action == null ? "" : action) {
      case "complete" -> complete(name, queue, job.get(), action);
      case "abort" -> abort(name, queue, job.get(), action);
      default ->
          JobActionResult.failed(
              name,
              jobId,
              action,
              JobActionResult.Reason.BAD_REQUEST,
              "action must be 'complete' or 'abort' but was "
                  + (action == null ? "missing" : "'" + action + "'"));
    };
  }

  private JobActionResult complete(String name, Queue queue, Job job, @Nullable String action) {
    JobStatus status = job.status();
    if (status.completed()) {
      return JobActionResult.failed(
          name, job.id(), action, JobActionResult.Reason.CONFLICT, "the job is already completed");
    }
    if (status.inProgress()) {
      return JobActionResult.failed(
          name,
          job.id(),
          action,
          JobActionResult.Reason.CONFLICT,
          "the job is running; abort it instead of completing it");
    }
    try {
      queue.complete(job);
    } catch (JobNotDefinedException e) {
      return JobActionResult.failed(
          name, job.id(), action, JobActionResult.Reason.NOT_FOUND, e.getMessage());
    }
    return JobActionResult.done(name, job.id(), action, describe(name, queue, job));
  }

  private JobActionResult abort(String name, Queue queue, Job job, @Nullable String action) {
    Runner runner = queue.runner();
    if (!(runner instanceof AbortableRunner abortable)) {
      return JobActionResult.failed(
          name,
          job.id(),
          action,
          JobActionResult.Reason.CONFLICT,
          "queue '"
              + name
              + "' runs its jobs on a '"
              + runner.kind()
              + "' runner, which cannot abort jobs; use the abortable, rate-limited or ewma runner");
    }
    if (!abortable.abort(job.id())) {
      return JobActionResult.failed(
          name, job.id(), action, JobActionResult.Reason.CONFLICT, "the job is not running");
    }
    return JobActionResult.done(name, job.id(), action, describe(name, queue, job));
  }

  private static QueueDescriptor describe(Queue queue) {
    QueueInfo info = queue.info();
    Runner runner = queue.runner();
    return new QueueDescriptor(
        info.kind(),
        info.started(),
        info.closed(),
        StatsDescriptor.of(queue.stats()),
        new RunnerDescriptor(runner.kind(), runner.workers(), runner.isStarted()));
  }

  private static QueueDetail detail(Queue queue, int limit) {
    QueueInfo info = queue.info();
    Runner runner = queue.runner();
    QueueReport report = Amboy.report(queue, limit);
    Set<String> running =
        runner instanceof AbortableRunner abortable ? new TreeSet<>(abortable.runningJobs()) : null;
    return new QueueDetail(
        queue.id(),
        info.kind(),
        info.started(),
        info.closed(),
        info.lockTimeout(),
        StatsDescriptor.of(queue.stats()),
        new RunnerDescriptor(runner.kind(), runner.workers(), runner.isStarted()),
        new ReportDescriptor(limit, report.pending(), report.inProgress(), report.completed()),
        running);
  }

  private GroupDescriptor describe(String name, QueueGroup group) {
    Map<String, QueueDescriptor> members = new LinkedHashMap<>();
    SortedMap<String, Queue> known = queues.groupQueues(name);
    known.forEach((member, queue) -> members.put(member, describe(queue)));
    return new GroupDescriptor(
        groupKinds.getOrDefault(name, "custom"), group.len(), group.queues(), members);
  }

  private static OperationDescriptor describe(String queue, ScheduledOperation operation) {
    return new OperationDescriptor(
        queue,
        operation.isRunning(),
        operation.nextRun().orElse(null),
        operation.runs(),
        operation.skips(),
        operation.failures(),
        operation.lastError().map(Job::describe).orElse(null));
  }

  private static JobDescriptor describe(String queue, Queue owner, Job job) {
    JobStatus status = job.status();
    JobTimeInfo times = job.timeInfo();
    String state;
    if (status.completed()) {
      state = "completed";
    } else if (status.inProgress()) {
      state = "running";
    } else {
      state = "pending";
    }
    return new JobDescriptor(
        queue,
        job.id(),
        job.type().name(),
        job.type().version(),
        state,
        status.completed() ? JobOutcome.of(job).tag() : null,
        status.canceled(),
        status.errors(),
        job.priority(),
        job.retryInfo().attempt(),
        new TreeSet<>(job.scopes()),
        job.dependency().edges(),
        new TimesDescriptor(
            times.created(),
            times.start(),
            times.end(),
            times.waitUntil(),
            times.dispatchBy(),
            times.maxTime()),
        owner.info().kind());
  }

  /**
   * Everything amboy runs.
   *
   * @param state the lifecycle: new, running, draining or stopped
   * @param queues every queue bean by name
   * @param groups every queue group bean by name
   * @param operations every scheduled operation by name
   */
  public record AmboyDescriptor(
      String state,
      Map<String, QueueDescriptor> queues,
      Map<String, GroupDescriptor> groups,
      Map<String, OperationDescriptor> operations) {}

  /**
   * One queue.
   *
   * @param kind the queue kind, such as limited-size
   * @param started whether it has started
   * @param closed whether it has closed
   * @param stats its job counts
   * @param runner its runner
   */
  public record QueueDescriptor(
      String kind,
      boolean started,
      boolean closed,
      StatsDescriptor stats,
      RunnerDescriptor runner) {}

  /**
   * One queue in detail.
   *
   * @param id the queue's id
   * @param kind the queue kind
   * @param started whether it has started
   * @param closed whether it has closed
   * @param lockTimeout how long a running job's lock holds without a ping
   * @param stats its job counts
   * @param runner its runner
   * @param jobs job ids by state, bounded
   * @param runningJobs the ids of the jobs its abortable runner runs now; absent for other runners
   */
  public record QueueDetail(
      String id,
      String kind,
      boolean started,
      boolean closed,
      Duration lockTimeout,
      StatsDescriptor stats,
      RunnerDescriptor runner,
      ReportDescriptor jobs,
      @Nullable Set<String> runningJobs) {}

  /**
   * Job counts, consistent with each other.
   *
   * @param running dispatched and not completed
   * @param completed completed since the queue was created
   * @param pending waiting to run, blocked ones included
   * @param blocked pending jobs that wait for something else
   * @param total every job accepted
   * @param dropped discarded because their dispatch-by time passed
   */
  public record StatsDescriptor(
      long running, long completed, long pending, long blocked, long total, long dropped) {

    static StatsDescriptor of(QueueStats stats) {
      return new StatsDescriptor(
          stats.running(),
          stats.completed(),
          stats.pending(),
          stats.blocked(),
          stats.total(),
          stats.dropped());
    }
  }

  /**
   * A runner.
   *
   * @param kind pool, single, abortable, rate-limited, ewma or none
   * @param workers the most jobs it runs at once
   * @param started whether it has started
   */
  public record RunnerDescriptor(String kind, int workers, boolean started) {}

  /**
   * Job ids by state.
   *
   * @param limit the most ids listed per state
   * @param pending ids of jobs waiting to run
   * @param running ids of running jobs
   * @param completed ids of retained completed jobs
   */
  public record ReportDescriptor(
      int limit, List<String> pending, List<String> running, List<String> completed) {}

  /**
   * A queue group.
   *
   * @param kind local, postgres, or custom for a group the application made itself
   * @param size how many queues it holds
   * @param names the names of its queues
   * @param queues the queues the starter created for it, by name
   */
  public record GroupDescriptor(
      String kind, int size, Set<String> names, Map<String, QueueDescriptor> queues) {}

  /**
   * A scheduled operation.
   *
   * @param queue the queue it puts into
   * @param running whether its schedule still runs
   * @param nextRun when it runs next, while it waits
   * @param runs how many times it ran
   * @param skips how many runs were skipped for the threshold
   * @param failures how many runs failed
   * @param lastError the most recent failure
   */
  public record OperationDescriptor(
      String queue,
      boolean running,
      @Nullable Instant nextRun,
      long runs,
      long skips,
      long failures,
      @Nullable String lastError) {}

  /**
   * One job.
   *
   * @param queue the queue holding it
   * @param id its id
   * @param type its registered type
   * @param version its type's version
   * @param state pending, running or completed
   * @param outcome success, error or aborted once completed
   * @param canceled whether its last run was interrupted and it waits to run again
   * @param errors its recorded errors
   * @param priority its dispatch priority
   * @param attempt the number of its current or last attempt
   * @param scopes the exclusive resources it needs
   * @param dependsOn the ids of the jobs it depends on
   * @param times its times
   * @param queueKind the kind of its queue
   */
  public record JobDescriptor(
      String queue,
      String id,
      String type,
      int version,
      String state,
      @Nullable String outcome,
      boolean canceled,
      List<String> errors,
      int priority,
      int attempt,
      Set<String> scopes,
      List<String> dependsOn,
      TimesDescriptor times,
      String queueKind) {}

  /**
   * A job's times; unset ones are absent.
   *
   * @param created when it was first put
   * @param started when it was last dispatched
   * @param ended when it completed
   * @param waitUntil not dispatched before this time
   * @param dispatchBy dropped if not dispatched by this time
   * @param maxTime the longest it may run
   */
  public record TimesDescriptor(
      @Nullable Instant created,
      @Nullable Instant started,
      @Nullable Instant ended,
      @Nullable Instant waitUntil,
      @Nullable Instant dispatchBy,
      @Nullable Duration maxTime) {}
}
