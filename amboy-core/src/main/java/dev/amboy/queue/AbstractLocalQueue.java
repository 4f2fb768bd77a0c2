package dev.amboy.queue;

import dev.amboy.AmboyException;
import dev.amboy.DuplicateJobException;
import dev.amboy.Job;
import dev.amboy.JobInterceptor;
import dev.amboy.JobNotDefinedException;
import dev.amboy.JobStatus;
import dev.amboy.LockNotHeldException;
import dev.amboy.Queue;
import dev.amboy.QueueClosedException;
import dev.amboy.QueueFullException;
import dev.amboy.QueueInfo;
import dev.amboy.QueueListener;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import dev.amboy.internal.AmboyScheduler;
import dev.amboy.internal.JobStates;
import dev.amboy.pool.Runners;
import dev.amboy.retry.Retries;
import dev.amboy.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery every in-memory queue shares: storage, capacity, deferral (wait-until), deadlines
 * (dispatch-by), scopes, locking, lock pings, retention of completed jobs, stats and lifecycle.
 * Subclasses only decide the order of ready jobs.
 *
 * <p>All state is guarded by one lock, so every stats snapshot is consistent. Listeners are called
 * after the lock is released.
 */
abstract class AbstractLocalQueue implements Queue {

  private static final Logger log = LoggerFactory.getLogger(AbstractLocalQueue.class);

  /** Waiting workers re-check deferred jobs at least this often, so a moved clock is noticed. */
  private static final long DEFERRED_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final String id;
  private final int capacity;
  private final Duration lockTimeout;
  private final Duration putTimeout;
  private final RetryPolicy retryPolicy;
  protected final Clock clock;

  protected final ReentrantLock lock = new ReentrantLock();
  private final Condition workReady = lock.newCondition();
  private final Condition spaceFree = lock.newCondition();
  private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>();
  private final PriorityQueue<Deferred> deferred = new PriorityQueue<>();
  private final ScopeTable scopes = new ScopeTable();
  private final ArrayDeque<Job> retained = new ArrayDeque<>();
  private long total;
  private long completedCount;
  private long droppedCount;
  private int pendingCount;
  private int runningCount;
  private long deferredSequence;

  private volatile QueueListener[] listeners = new QueueListener[0];
  private final List<JobInterceptor> interceptors = new CopyOnWriteArrayList<>();
  private final Object lifecycle = new Object();
  private volatile Runner runner;
  private volatile boolean started;
  private volatile boolean closed;
  private ScheduledFuture<?> lockPing;

  AbstractLocalQueue(LocalQueueOptions options) {
    this.id = options.name();
    this.capacity = options.capacity();
    this.lockTimeout = options.lockTimeout();
    this.putTimeout = options.putTimeout();
    this.clock = options.clock();
    this.retryPolicy = options.retryPolicy();
    Runner defaultRunner = Runners.pool(options.workers());
    defaultRunner.setQueue(this);
    this.runner = defaultRunner;
  }

  /** The kind name reported in {@link QueueInfo}. */
  protected abstract String kind();

  /** Adds a job that may be dispatched now; {@code front} puts it ahead of the others. */
  protected abstract void offerReady(Job job, boolean front);

  /** Removes and returns the next ready job in this queue's order, or {@code null}. */
  protected abstract Job pollReady();

  /** Removes a ready job; returns whether it was ready. */
  protected abstract boolean removeReady(Job job);

  /**
   * A pending job whose wait-until time has passed asks to become ready. Queues that order by
   * dependencies override this to hold the job back ({@link #blockedCount()}) until it may run.
   *
   * @return whether the job is ready now
   */
  protected boolean admit(Job job, Instant now) {
    offerReady(job, false);
    return true;
  }

  /**
   * Checks a job before it is stored, under the queue's lock; throw to refuse it. The default
   * accepts every job.
   */
  protected void validatePut(Job job) {}

  /** The stored job with this id, or {@code null}. Called under the queue's lock. */
  protected final Job storedJob(String jobId) {
    return jobs.get(jobId);
  }

  /** Every stored job, live. Called under the queue's lock. */
  protected final Collection<Job> storedJobs() {
    return jobs.values();
  }

  /** Removes a job held back by {@link #admit}; returns whether it was held. */
  protected boolean removeBlocked(Job job) {
    return false;
  }

  /** How many pending jobs are held back until something else happens. */
  protected int blockedCount() {
    return 0;
  }

  /** A job completed; queues that order by dependencies release the jobs waiting for it. */
  protected void onFinished(Job job, Instant now) {}

  /**
   * Completes a pending job without running it: its dependency says there is nothing to do. Called
   * under the queue's lock by subclasses.
   */
  protected final void completeWithoutRunning(Job job, Instant now) {
    pendingCount--;
    spaceFree.signal();
    finish(job, now);
  }

  /** Wakes a waiting worker after a subclass made jobs ready. Called under the queue's lock. */
  protected final void signalWork() {
    workReady.signal();
  }

  /** Wakes the runner after a subclass made jobs ready outside of a put or completion. */
  protected final void wakeRunner() {
    if (started && !closed) {
      runner.workAvailable();
    }
  }

  /**
   * A pending job was saved: its priority or other ordering input may have changed. The default
   * keeps its place.
   */
  protected void reorderReady(Job stored, Job saved) {
    if (stored != saved && removeReady(stored)) {
      offerReady(saved, false);
    }
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public void put(Job job) {
    String jobId = job.id();
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("job id must not be blank");
    }
    Instant now = clock.instant();
    JobStates.prepareTimes(job, now);
    boolean wakeRunner;
    lock.lock();
    try {
      ensureOpen();
      ensureAbsent(jobId);
      if (JobStates.takeOver(job)) {
        jobs.put(jobId, job);
        total++;
        completedCount++;
        retain(job);
        wakeRunner = false;
      } else {
        awaitSpace();
        ensureOpen();
        ensureAbsent(jobId);
        validatePut(job);
        jobs.put(jobId, job);
        total++;
        pendingCount++;
        wakeRunner = schedule(job, now);
      }
    } finally {
      lock.unlock();
    }
    for (QueueListener listener : listeners) {
      listener.onJobPut(this, job);
    }
    if (wakeRunner && started) {
      runner.workAvailable();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new QueueClosedException(id);
    }
  }

  private void ensureAbsent(String jobId) {
    if (jobs.containsKey(jobId)) {
      throw new DuplicateJobException(id, jobId);
    }
  }

  private void awaitSpace() {
    if (pendingCount < capacity) {
      return;
    }
    long nanos = putTimeout.toNanos();
    try {
      while (pendingCount >= capacity && !closed) {
        if (nanos <= 0) {
          throw new QueueFullException(id, capacity, putTimeout);
        }
        nanos = spaceFree.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmboyException(
          "interrupted while waiting for room in queue '" + id + "' (capacity " + capacity + ")",
          e);
    }
  }

  /** Files a pending job as deferred or ready; returns whether it is ready now. */
  private boolean schedule(Job job, Instant now) {
    if (JobStates.readiness(job, now) == JobStates.Readiness.DEFERRED) {
      Deferred entry = new Deferred(job, JobStates.waitUntil(job), deferredSequence++);
      deferred.add(entry);
      if (deferred.peek() == entry) {
        workReady.signal();
      }
      return false;
    }
    if (admit(job, now)) {
      workReady.signal();
      return true;
    }
    return false;
  }

  @Override
  public Optional<Job> get(String jobId) {
    lock.lock();
    try {
      return Optional.ofNullable(jobs.get(jobId));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Job> next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Job> dropped = null;
    Job dispatched = null;
    lock.lockInterruptibly();
    try {
      while (!closed) {
        Instant now = clock.instant();
        promoteDue(now);
        Job candidate;
        while ((candidate = pollReady()) != null) {
          JobStates.Readiness readiness = JobStates.readiness(candidate, now);
          if (readiness == JobStates.Readiness.STALE) {
            drop(candidate);
            if (dropped == null) {
              dropped = new ArrayList<>(2);
            }
            dropped.add(candidate);
            continue;
          }
          if (readiness == JobStates.Readiness.DEFERRED) {
            deferred.add(
                new Deferred(candidate, JobStates.waitUntil(candidate), deferredSequence++));
            continue;
          }
          Set<String> needed = candidate.scopes();
          if (!needed.isEmpty()) {
            String taken = scopes.tryAcquire(candidate.id(), needed);
            if (taken != null) {
              scopes.await(taken, candidate);
              continue;
            }
          }
          dispatch(candidate, now);
          dispatched = candidate;
          break;
        }
        if (dispatched != null) {
          break;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        long wait = remaining;
        Deferred first = deferred.peek();
        if (first != null) {
          long untilDue = Duration.between(now, first.due()).toNanos();
          wait = Math.max(0, Math.min(wait, Math.min(untilDue, DEFERRED_RECHECK_NANOS)));
        }
        workReady.awaitNanos(wait);
      }
    } finally {
      lock.unlock();
    }
    if (dropped != null) {
      for (Job job : dropped) {
        for (QueueListener listener : listeners) {
          listener.onJobDropped(this, job);
        }
      }
    }
    if (dispatched == null) {
      return Optional.empty();
    }
    for (QueueListener listener : listeners) {
      listener.onJobStarted(this, dispatched);
    }
    return Optional.of(dispatched);
  }

  private void promoteDue(Instant now) {
    Deferred first;
    while ((first = deferred.peek()) != null && !first.due().isAfter(now)) {
      deferred.poll();
      admit(first.job(), now);
    }
  }

  private void drop(Job job) {
    jobs.remove(job.id());
    pendingCount--;
    droppedCount++;
    spaceFree.signal();
  }

  private void dispatch(Job job, Instant now) {
    JobStates.dispatch(job, id, lockTimeout, now);
    runningCount++;
    pendingCount--;
    spaceFree.signal();
  }

  @Override
  public void complete(Job job) {
    Instant now = clock.instant();
    boolean released;
    boolean retried = false;
    boolean wakeRunner = false;
    lock.lock();
    try {
      String jobId = job.id();
      if (!JobStates.isRunningFor(job, id) || jobs.get(jobId) != job) {
        if (!completePending(job, now)) {
          return;
        }
        released = false;
      } else if (JobStates.isCanceled(job)) {
        runningCount--;
        job.unlock(id, lockTimeout, now);
        jobs.put(jobId, job);
        pendingCount++;
        scopes.release(jobId, job.scopes(), this::readmit);
        offerReady(job, true);
        if (!closed) {
          workReady.signal();
          wakeRunner = true;
        }
        released = true;
      } else if (Retries.shouldRetry(job, retryPolicy)) {
        runningCount--;
        Retries.prepareNextAttempt(job, retryPolicy, now, ThreadLocalRandom.current());
        jobs.put(jobId, job);
        pendingCount++;
        if (!job.scopes().isEmpty()) {
          scopes.release(jobId, job.scopes(), this::readmit);
        }
        wakeRunner = schedule(job, now) && !closed;
        released = false;
        retried = true;
      } else {
        runningCount--;
        finish(job, now);
        wakeRunner = pendingCount > 0;
        released = false;
      }
    } finally {
      lock.unlock();
    }
    for (QueueListener listener : listeners) {
      if (released) {
        listener.onJobReleased(this, job);
      } else if (retried) {
        listener.onJobRetried(this, job);
      } else {
        listener.onJobCompleted(this, job);
      }
    }
    if (wakeRunner && started && !closed) {
      runner.workAvailable();
    }
  }

  /**
   * Completes a job that was never dispatched (management marking work done).
   *
   * @return whether the job changed state; {@code false} when it was already complete
   */
  private boolean completePending(Job job, Instant now) {
    String jobId = job.id();
    Job stored = jobs.get(jobId);
    if (stored == null) {
      throw new JobNotDefinedException(id, jobId);
    }
    if (JobStates.isCompleted(stored)) {
      return false;
    }
    if (JobStates.isRunningFor(stored, id)) {
      throw new IllegalStateException(
          "job '"
              + jobId
              + "' is running in queue '"
              + id
              + "' and must be completed through the instance the queue dispatched");
    }
    removePending(stored);
    pendingCount--;
    spaceFree.signal();
    jobs.put(jobId, job);
    finish(job, now);
    return true;
  }

  private void removePending(Job job) {
    if (removeReady(job) || scopes.removeWaiter(job) || removeBlocked(job)) {
      return;
    }
    deferred.removeIf(entry -> entry.job() == job);
  }

  private void finish(Job job, Instant now) {
    JobStates.finish(job, now);
    Set<String> held = job.scopes();
    if (!held.isEmpty()) {
      scopes.release(job.id(), held, this::readmit);
    }
    completedCount++;
    retain(job);
    onFinished(job, now);
  }

  private void readmit(Job job) {
    offerReady(job, true);
    workReady.signal();
  }

  private void retain(Job job) {
    retained.addLast(job);
    while (retained.size() > capacity) {
      Job evicted = retained.pollFirst();
      if (jobs.get(evicted.id()) == evicted) {
        jobs.remove(evicted.id());
      }
    }
  }

  @Override
  public void save(Job job) {
    Instant now = clock.instant();
    String jobId = job.id();
    lock.lock();
    try {
      Job stored = jobs.get(jobId);
      if (stored == null) {
        throw new JobNotDefinedException(id, jobId);
      }
      JobStatus status = job.status();
      if (status.inProgress()
          && !id.equals(status.owner())
          && status.modificationTime() != null
          && status.modificationTime().plus(lockTimeout).isAfter(now)) {
        throw new LockNotHeldException(
            "queue '"
                + id
                + "' cannot save job '"
                + jobId
                + "': it is locked by '"
                + status.owner()
                + "'");
      }
      if (JobStates.isRunningFor(stored, id)) {
        if (stored != job) {
          throw new IllegalStateException(
              "job '"
                  + jobId
                  + "' is running in queue '"
                  + id
                  + "'; save the instance the queue dispatched");
        }
      } else if (!JobStates.isCompleted(stored)) {
        jobs.put(jobId, job);
        if (stored != job && scopes.replaceWaiter(stored, job)) {
          return;
        }
        if (stored != job && replaceDeferred(stored, job)) {
          return;
        }
        reorderReady(stored, job);
      } else {
        jobs.put(jobId, job);
        int size = retained.size();
        for (int i = 0; i < size; i++) {
          Job retainedJob = retained.pollFirst();
          retained.addLast(retainedJob == stored ? job : retainedJob);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean replaceDeferred(Job stored, Job job) {
    if (deferred.removeIf(entry -> entry.job() == stored)) {
      deferred.add(new Deferred(job, job.timeInfo().waitUntil(), deferredSequence++));
      workReady.signal();
      return true;
    }
    return false;
  }

  /**
   * Removes a pending or completed job.
   *
   * @return whether a job was removed
   * @throws IllegalStateException when the job is running
   */
  protected boolean deleteJob(String jobId) {
    lock.lock();
    try {
      Job stored = jobs.get(jobId);
      if (stored == null) {
        return false;
      }
      if (JobStates.isRunningFor(stored, id)) {
        throw new IllegalStateException(
            "cannot delete job '"
                + jobId
                + "' from queue '"
                + id
                + "': it is running; abort it or wait for it to complete");
      }
      jobs.remove(jobId);
      if (JobStates.isCompleted(stored)) {
        retained.remove(stored);
      } else {
        removePending(stored);
        pendingCount--;
        total--;
        spaceFree.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Stream<Job> jobs() {
    lock.lock();
    try {
      return new ArrayList<>(jobs.values()).stream();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public QueueStats stats() {
    lock.lock();
    try {
      return new QueueStats(
          runningCount, completedCount, pendingCount, blockedCount(), total, droppedCount);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public QueueInfo info() {
    return new QueueInfo(kind(), started, closed, lockTimeout);
  }

  @Override
  public Runner runner() {
    return runner;
  }

  @Override
  public void setRunner(Runner replacement) {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException(
            "queue '" + id + "' has started; set its runner before calling start()");
      }
      replacement.setQueue(this);
      this.runner = replacement;
    }
  }

  @Override
  public void start() {
    int toWake;
    synchronized (lifecycle) {
      if (started) {
        return;
      }
      if (closed) {
        throw new QueueClosedException(id);
      }
      runner.start();
      lockPing = AmboyScheduler.scheduleAtFixedRate(this::pingLocks, lockTimeout.dividedBy(4));
      started = true;
      lock.lock();
      try {
        toWake = Math.min(pendingCount, runner.workers());
      } finally {
        lock.unlock();
      }
    }
    for (int i = 0; i < toWake; i++) {
      runner.workAvailable();
    }
  }

  /** Refreshes the lock of every running job, so that none is taken for stale. */
  private void pingLocks() {
    Instant now = clock.instant();
    lock.lock();
    try {
      for (Job job : jobs.values()) {
        if (!JobStates.isRunningFor(job, id)) {
          continue;
        }
        try {
          job.lock(id, lockTimeout, now);
        } catch (LockNotHeldException e) {
          log.warn(
              "queue '{}' lost the lock of running job '{}': {}", id, job.id(), e.getMessage());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close(Duration drainTimeout) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (lockPing != null) {
        lockPing.cancel(false);
      }
    }
    lock.lock();
    try {
      workReady.signalAll();
      spaceFree.signalAll();
    } finally {
      lock.unlock();
    }
    if (runner.isStarted()) {
      runner.close(drainTimeout);
    }
  }

  @Override
  public void addListener(QueueListener listener) {
    synchronized (lifecycle) {
      QueueListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
      grown[grown.length - 1] = listener;
      listeners = grown;
    }
  }

  @Override
  public void addInterceptor(JobInterceptor interceptor) {
    interceptors.add(interceptor);
  }

  @Override
  public List<JobInterceptor> interceptors() {
    return interceptors;
  }

  @Override
  public String toString() {
    return kind() + "[" + id + "]";
  }

  /** A job held back until its wait-until time, ordered by that time and then by arrival. */
  private record Deferred(Job job, Instant due, long sequence) implements Comparable<Deferred> {
    @Override
    public int compareTo(Deferred other) {
      int byTime = due.compareTo(other.due);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
