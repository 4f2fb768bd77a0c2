package dev.amboy.job;

import dev.amboy.Amboy;
import dev.amboy.Job;
import dev.amboy.JobCodec;
import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.dependency.DependencyState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A job made of other jobs, run together as one unit. Sub-jobs are stored in their JSON form, so a
 * group travels through any queue; when the group runs, each sub-job whose dependency is not {@link
 * DependencyState#PASSED passed} runs on its own thread with its own max time, and each sub-job's
 * final state (its errors included) is stored back, so {@link #jobs()} shows the results.
 */
public final class JobGroup extends AbstractJob {

  public static final JobType TYPE = JobType.of("group", 1);

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final transient JobCodec codec;
  private LinkedHashMap<String, JsonNode> jobs = new LinkedHashMap<>();

  /** For the registry: an empty group whose sub-jobs are rebuilt with {@code codec}. */
  public JobGroup(JobCodec codec) {
    super(TYPE);
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * An empty group.
   *
   * @param id the group's id
   * @param codec stores the sub-jobs, normally {@code registry.serializer()}
   */
  public JobGroup(String id, JobCodec codec) {
    super(id, TYPE);
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Adds a sub-job.
   *
   * @throws IllegalArgumentException when the group has a sub-job with the same id
   */
  public synchronized JobGroup add(Job job) {
    if (jobs.containsKey(job.id())) {
      throw new IllegalArgumentException(
          "group '" + id() + "' already has a sub-job '" + job.id() + "'");
    }
    jobs.put(job.id(), codec.encode(job));
    return this;
  }

  /** The sub-jobs as they are stored now: after a run, with their results. */
  public synchronized List<Job> jobs() {
    List<Job> result = new ArrayList<>(jobs.size());
    jobs.values().forEach(form -> result.add(codec.decode(form)));
    return result;
  }

  @Override
  public void run(JobContext context) throws Exception {
    if (status().completed()) {
      throw new IllegalStateException("group '" + id() + "' has already run");
    }
    List<Job> pending = new ArrayList<>();
    for (Job job : jobs()) {
      if (job.dependency().state() != DependencyState.PASSED) {
        pending.add(job);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            pending.size(),
            task -> {
              Thread thread = new Thread(task, "amboy-group-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    List<String> failures = new ArrayList<>();
    try {
      Map<Job, Future<List<String>>> runs = new LinkedHashMap<>();
      for (Job job : pending) {
        runs.put(job, executor.submit(() -> Amboy.runJob(job)));
      }
      for (Map.Entry<Job, Future<List<String>>> run : runs.entrySet()) {
        Job job = run.getKey();
        try {
          for (String error : run.getValue().get()) {
            failures.add(job.id() + ": " + error);
          }
        } catch (ExecutionException e) {
          failures.add(job.id() + ": " + Job.describe(e.getCause()));
        }
        synchronized (this) {
          jobs.put(job.id(), codec.encode(job));
        }
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      throw e;
    } finally {
      executor.shutdownNow();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          failures.size() + " of " + pending.size() + " sub-jobs failed: " + failures);
    }
  }
}
