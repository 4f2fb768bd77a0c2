package dev.amboy.job;

import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.JobType;
import dev.amboy.LockNotHeldException;
import dev.amboy.dependency.Always;
import dev.amboy.dependency.DependencyManager;
import dev.amboy.internal.JobIds;
import dev.amboy.internal.JobStates;
import dev.amboy.retry.Retries;
import dev.amboy.retry.RetryInfo;
import dev.amboy.retry.RetryPolicy;
import dev.amboy.spring.AmboyJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a job needs except its work: id, type, status, times, priority, scopes, dependency,
 * errors and the lock protocol. Extend it and implement {@link #run(dev.amboy.JobContext)}.
 *
 * <p>The fields of a subclass are the job's payload: the registry stores them as JSON and sets them
 * again when it rebuilds the job. The metadata kept here is marked {@code transient} because it
 * travels in the job envelope instead.
 *
 * <p>The type comes from the constructor or, for the no-type constructors, from an {@link AmboyJob}
 * annotation on the class. Without an id, one is generated from the type name.
 */
public abstract class AbstractJob implements Job {

  private static final ClassValue<JobType> ANNOTATED_TYPES =
      new ClassValue<>() {
        @Override
        protected JobType computeValue(Class<?> type) {
          AmboyJob annotation = type.getAnnotation(AmboyJob.class);
          return annotation == null ? null : JobType.of(annotation.type(), annotation.version());
        }
      };

  static {
    JobStates.install(new FastPath());
  }

  // id, type and scopes hold immutable objects and are read without locking (a stale null only
  // sends a reader to the locked path); no volatile writes, so creating a job costs no fences.
  private transient String id;
  private transient JobType type;
  private transient DependencyManager dependency;
  private transient int priority;
  private transient Set<String> scopes;
  private transient Map<String, String> headers;

  private transient String owner = "";

  /** The queue instance that dispatched the current run, so it can complete it without a lookup. */
  private transient Object dispatcher;

  private transient boolean completed;
  private transient boolean inProgress;
  private transient boolean canceled;
  private transient Instant modificationTime;
  private transient long modificationCount;
  private transient List<String> errors;

  private transient Instant created;
  private transient Instant start;
  private transient Instant end;
  private transient Instant waitUntil;
  private transient Instant dispatchBy;
  private transient Duration maxTime;
  private transient RetryInfo retryInfo = RetryInfo.initial();

  /** A job whose type comes from its {@link AmboyJob} annotation and whose id is generated. */
  protected AbstractJob() {
    this(null, null);
  }

  /** A job whose type comes from its {@link AmboyJob} annotation. */
  protected AbstractJob(String id) {
    this(id, null);
  }

  /** A job of the given type with a generated id. */
  protected AbstractJob(JobType type) {
    this(null, type);
  }

  protected AbstractJob(String id, JobType type) {
    this.id = id;
    this.type = type;
  }

  @Override
  public final String id() {
    String current = id;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (id == null) {
        id = JobIds.next(type().name());
      }
      return id;
    }
  }

  /**
   * Sets the id. Only for code that rebuilds jobs; a job's id must not change while a queue holds
   * it.
   */
  public final synchronized void setId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("job id must not be blank");
    }
    this.id = id;
  }

  @Override
  public JobType type() {
    JobType resolved = type;
    if (resolved == null) {
      resolved = ANNOTATED_TYPES.get(getClass());
      if (resolved == null) {
        throw new IllegalStateException(
            "job class "
                + getClass().getName()
                + " has no type: pass a JobType to the AbstractJob constructor or annotate the"
                + " class with @AmboyJob(type = \"...\")");
      }
      type = resolved;
    }
    return resolved;
  }

  @Override
  public final synchronized DependencyManager dependency() {
    if (dependency == null) {
      dependency = new Always();
    }
    return dependency;
  }

  @Override
  public final synchronized void setDependency(DependencyManager dependency) {
    this.dependency = dependency;
  }

  @Override
  public final synchronized JobStatus status() {
    return new JobStatus(
        owner,
        completed,
        inProgress,
        canceled,
        modificationTime,
        modificationCount,
        errors == null ? List.of() : errors);
  }

  @Override
  public final synchronized void setStatus(JobStatus status) {
    this.owner = status.owner();
    this.completed = status.completed();
    this.inProgress = status.inProgress();
    this.canceled = status.canceled();
    this.modificationTime = status.modificationTime();
    this.modificationCount = status.modificationCount();
    this.errors = status.errors().isEmpty() ? null : new ArrayList<>(status.errors());
  }

  @Override
  public final synchronized JobTimeInfo timeInfo() {
    return new JobTimeInfo(created, start, end, waitUntil, dispatchBy, maxTime);
  }

  @Override
  public final synchronized void updateTimeInfo(JobTimeInfo update) {
    if (update == null) {
      return;
    }
    if (update.created() != null) {
      created = update.created();
    }
    if (update.start() != null) {
      start = update.start();
    }
    if (update.end() != null) {
      end = update.end();
    }
    if (update.waitUntil() != null) {
      waitUntil = update.waitUntil();
    }
    if (update.dispatchBy() != null) {
      dispatchBy = update.dispatchBy();
    }
    if (update.maxTime() != null) {
      maxTime = update.maxTime();
    }
  }

  @Override
  public final synchronized void setTimeInfo(JobTimeInfo value) {
    JobTimeInfo times = value == null ? JobTimeInfo.empty() : value;
    created = times.created();
    start = times.start();
    end = times.end();
    waitUntil = times.waitUntil();
    dispatchBy = times.dispatchBy();
    maxTime = times.maxTime();
  }

  @Override
  public final synchronized RetryInfo retryInfo() {
    return retryInfo;
  }

  @Override
  public final synchronized void setRetryInfo(RetryInfo info) {
    this.retryInfo = info == null ? RetryInfo.initial() : info;
  }

  /** Gives this job its own retry policy instead of its queue's. */
  public final synchronized void setRetryPolicy(RetryPolicy policy) {
    this.retryInfo = retryInfo.withPolicy(policy);
  }

  @Override
  public final int priority() {
    return priority;
  }

  @Override
  public final void setPriority(int priority) {
    this.priority = priority;
  }

  @Override
  public final synchronized void addError(String message) {
    if (message == null) {
      return;
    }
    if (errors == null) {
      errors = new ArrayList<>(2);
    }
    errors.add(message);
  }

  @Override
  public final synchronized List<String> errors() {
    return errors == null ? List.of() : List.copyOf(errors);
  }

  @Override
  public final synchronized void lock(String owner, Duration lockTimeout, Instant now) {
    if (inProgress
        && !this.owner.equals(owner)
        && modificationTime != null
        && modificationTime.plus(lockTimeout).isAfter(now)) {
      throw new LockNotHeldException(id(), owner, this.owner);
    }
    this.inProgress = true;
    this.owner = owner;
    this.modificationTime = now;
    this.modificationCount++;
  }

  @Override
  public final synchronized void unlock(String owner, Duration lockTimeout, Instant now) {
    if (inProgress
        && !this.owner.equals(owner)
        && modificationTime != null
        && modificationTime.plus(lockTimeout).isAfter(now)) {
      return;
    }
    this.inProgress = false;
    this.owner = "";
    this.modificationTime = now;
    this.modificationCount++;
  }

  @Override
  public final Set<String> scopes() {
    Set<String> current = scopes;
    return current == null ? Set.of() : current;
  }

  @Override
  public final void setScopes(Set<String> scopes) {
    this.scopes =
        scopes == null || scopes.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
  }

  @Override
  public final synchronized Map<String, String> headers() {
    if (headers == null) {
      headers = new HashMap<>(4);
    }
    return headers;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + id() + "]";
  }

  /** The queue-side state changes, each under one lock and without building records. */
  private static final class FastPath implements JobStates.FastPath {

    @Override
    public boolean handles(Job job) {
      return job instanceof AbstractJob;
    }

    @Override
    public void prepareTimes(Job job, Instant now) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        if (j.created == null) {
          j.created = now;
        }
        boolean order =
            j.waitUntil == null || j.dispatchBy == null || !j.waitUntil.isAfter(j.dispatchBy);
        boolean positive = j.maxTime == null || !j.maxTime.isNegative();
        if (order && positive) {
          return;
        }
      }
      job.timeInfo().validate();
    }

    @Override
    public boolean takeOver(Job job) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        if (j.inProgress) {
          j.inProgress = false;
          j.owner = "";
        }
        return j.completed;
      }
    }

    @Override
    public JobStates.Readiness readiness(Job job, Instant now) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        if (j.dispatchBy != null && j.dispatchBy.isBefore(now)) {
          return JobStates.Readiness.STALE;
        }
        return j.waitUntil == null || !j.waitUntil.isAfter(now)
            ? JobStates.Readiness.READY
            : JobStates.Readiness.DEFERRED;
      }
    }

    @Override
    public Instant waitUntil(Job job) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        return j.waitUntil;
      }
    }

    @Override
    public void dispatch(
        Job job, Object dispatcher, String owner, Duration lockTimeout, Instant now) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        j.lock(owner, lockTimeout, now);
        j.dispatcher = dispatcher;
        j.canceled = false;
        j.start = now;
      }
    }

    @Override
    public boolean isRunningFor(Job job, String owner) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        return j.inProgress && j.owner.equals(owner);
      }
    }

    @Override
    public boolean isCanceled(Job job) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        return j.canceled;
      }
    }

    @Override
    public boolean isCompleted(Job job) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        return j.completed;
      }
    }

    @Override
    public void finish(Job job, Instant now) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        j.owner = "";
        j.dispatcher = null;
        j.completed = true;
        j.inProgress = false;
        j.canceled = false;
        j.modificationTime = now;
        j.modificationCount++;
        j.end = now;
      }
    }

    @Override
    public JobStates.Completion finishRun(
        Job job, String owner, Duration lockTimeout, RetryPolicy queueDefault, Instant now) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        if (!j.inProgress || !j.owner.equals(owner)) {
          return JobStates.Completion.NOT_RUNNING;
        }
        if (j.canceled) {
          j.unlock(owner, lockTimeout, now);
          j.dispatcher = null;
          return JobStates.Completion.RELEASED;
        }
        List<String> current = j.errors == null ? List.of() : j.errors;
        if (Retries.shouldRetry(j.retryInfo, queueDefault, current)) {
          return JobStates.Completion.RETRY;
        }
        finish(job, now);
        return JobStates.Completion.FINISHED;
      }
    }

    @Override
    public JobStates.Completion finishDispatchedRun(
        Job job,
        Object dispatcher,
        String owner,
        Duration lockTimeout,
        RetryPolicy queueDefault,
        Instant now) {
      AbstractJob j = (AbstractJob) job;
      synchronized (j) {
        if (j.dispatcher != dispatcher) {
          return null;
        }
        return finishRun(job, owner, lockTimeout, queueDefault, now);
      }
    }

    @Override
    public Duration maxTime(Job job) {
      return ((AbstractJob) job).maxTime;
    }
  }
}
