package dev.amboy.job;

import dev.amboy.Job;
import dev.amboy.JobStatus;
import dev.amboy.JobTimeInfo;
import dev.amboy.JobType;
import dev.amboy.LockNotHeldException;
import dev.amboy.dependency.Always;
import dev.amboy.dependency.DependencyManager;
import dev.amboy.internal.JobIds;
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

  private transient String id;
  private transient JobType type;
  private transient DependencyManager dependency;
  private transient int priority;
  private transient Set<String> scopes = Set.of();
  private transient Map<String, String> headers;

  private transient String owner = "";
  private transient boolean completed;
  private transient boolean inProgress;
  private transient boolean canceled;
  private transient Instant modificationTime;
  private transient long modificationCount;
  private transient List<String> errors;

  private transient JobTimeInfo timeInfo = JobTimeInfo.empty();
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
  public final synchronized String id() {
    if (id == null) {
      id = JobIds.next(type().name());
    }
    return id;
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
    return timeInfo;
  }

  @Override
  public final synchronized void updateTimeInfo(JobTimeInfo update) {
    timeInfo = timeInfo.merge(update);
  }

  @Override
  public final synchronized void setTimeInfo(JobTimeInfo value) {
    timeInfo = value == null ? JobTimeInfo.empty() : value;
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
  public final synchronized int priority() {
    return priority;
  }

  @Override
  public final synchronized void setPriority(int priority) {
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
  public final synchronized Set<String> scopes() {
    return scopes;
  }

  @Override
  public final synchronized void setScopes(Set<String> scopes) {
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
}
