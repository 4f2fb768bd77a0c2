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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery every in-memory queue shares: storage, capacity, deferral (wait-until), deadlines
 * (dispatch-by), scopes, locking, lock pings, retention of completed jobs, stats and lifecycle.
 * Subclasses only decide the order of ready jobs.
 *
 * <p>Producers do not take the queue's lock to store a job: a put checks the id against a
 * concurrent map, reserves room with an atomic counter, drops the job into an inbox and, when no
 * wake-up is already on its way, unparks a waiting worker. Workers take the lock, file inbox jobs
 * into the queue's order and dispatch, so a put with room to spare (and no dependency graph to
 * check) never queues up behind workers. Stats are taken under the lock with the total read last,
 * so {@code total == pending + running + completed + dropped} holds in every snapshot. Listeners
 * are called after the lock is released.
 *
 * <p>Queues that dispatch in arrival order (the limited-size queue) let workers share the lock
 * ({@link QueueLock}) for their common path: complete a plain job and take the next one straight
 * from the inbox, which they file one job at a time. That path touches only concurrent structures,
 * counters and the jobs the worker owns, so two workers no longer hand one lock back and forth for
 * every job; the stats snapshot still takes the lock exclusively and waits for them to leave.
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

  private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Job> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicLong accepted = new AtomicLong();

  /**
   * Places among the pending jobs taken by puts (and by jobs coming back to run again), ever.
   * Written by producers, so a put does not write a counter the workers write; with {@link
   * #released}, the number of pending jobs.
   */
  private final AtomicLong reserved = new AtomicLong();

  /** A recent value of {@link #released}: it only grows, so a put that fits under it fits. */
  private volatile long releasedSeen;

  /**
   * Workers waiting for work, the latest first. They wait on this deque rather than on a condition
   * of the lock, so a put wakes one without taking the lock: with many workers the lock's queue is
   * long, and a producer parked in it stalls every put behind it. The latest waiter is woken first,
   * so a burst runs on the threads that ran the last one.
   */
  private final ConcurrentLinkedDeque<Waiter> waiters = new ConcurrentLinkedDeque<>();

  /**
   * A put woke a waiting worker that has not yet taken the lock back. Later puts leave it to that
   * worker: it files everything in the inbox and wakes the next worker while jobs remain ready, so
   * a burst of puts wakes one worker instead of one per job. Cleared by every worker that returns
   * from waiting, once it can no longer be woken.
   */
  private volatile boolean wakeUpPending;

  protected final QueueLock lock = new QueueLock();
  private final Condition spaceFree = lock.newCondition();

  /** Puts waiting for room; read without the lock by workers that free a place. */
  private final AtomicInteger roomWaiters = new AtomicInteger();

  /**
   * Jobs a worker took from the inbox under the shared lock but may not dispatch there (deferred,
   * stale or scoped). They are filed before the inbox, so they keep their place.
   */
  private final ConcurrentLinkedQueue<Job> setAside = new ConcurrentLinkedQueue<>();

  private final PriorityQueue<Deferred> deferred = new PriorityQueue<>();
  private final ScopeTable scopes = new ScopeTable();
  private final RetainedJobs retained;
  private final AtomicInteger runningCount = new AtomicInteger();
  private final AtomicLong completedCount = new AtomicLong();

  /** Places freed by dispatches and drops, ever. Written by workers. */
  private final AtomicLong released = new AtomicLong();

  private long droppedCount;
  private long deferredSequence;
  private final List<Job> droppedToAnnounce = new ArrayList<>();
  private volatile boolean hasDropped;

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
    this.retained = new RetainedJobs(capacity);
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

  /** Whether {@link #pollReady()} has a job to return. */
  protected abstract boolean hasReady();

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
   * Checks a job before it is stored, under the queue's lock; throw to refuse it. Queues that
   * override it must also override {@link #validatesPuts()}.
   */
  protected void validatePut(Job job) {}

  /** Whether {@link #validatePut} must see each put under the lock; off for the lock-free put. */
  protected boolean validatesPuts() {
    return false;
  }

  /**
   * Whether workers may take jobs straight from the inbox and complete plain jobs while sharing the
   * lock ({@link QueueLock#tryShare()}). Only queues that order ready jobs by arrival, admit every
   * due job at once and do nothing when one finishes may say yes.
   */
  protected boolean dispatchesInArrivalOrder() {
    return false;
  }

  /** The stored job with this id, or {@code null}. */
  protected final Job storedJob(String jobId) {
    return jobs.get(jobId);
  }

  /** Every stored job, live. */
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
    releaseRoom();
    finish(job, now);
  }

  /** Wakes a waiting worker after a subclass made jobs ready. Called under the queue's lock. */
  protected final void signalWork() {
    wakeWaiter();
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
    if (closed) {
      throw new QueueClosedException(id);
    }
    if (validatesPuts() || !reserveRoom()) {
      putUnderLock(job, jobId, now);
      return;
    }
    if (jobs.putIfAbsent(jobId, job) != null) {
      reserved.decrementAndGet();
      throw new DuplicateJobException(id, jobId);
    }
    if (JobStates.takeOver(job)) {
      reserved.decrementAndGet();
      storeCompleted(job);
    } else {
      accepted.incrementAndGet();
      inbox.add(job);
      if (closed && withdrawAfterClose(job)) {
        throw new QueueClosedException(id);
      }
      if (!wakeUpPending && !waiters.isEmpty()) {
        wakeUpPending = true;
        if (!wakeWaiter()) {
          // the waiters left on their own; one that registers later sees the inbox first
          wakeUpPending = false;
        }
      }
    }
    announcePut(job);
  }

  /**
   * Takes back a job whose put found the queue closed only after filing it, so that a put that
   * returns has its job accepted before the queue closed: the put reads {@code closed} after filing
   * the job and {@link #close} files the inbox after setting it, so one of them sees the other. A
   * job a worker took meanwhile stays accepted.
   *
   * @return whether the job was taken back
   */
  private boolean withdrawAfterClose(Job job) {
    lock.lock();
    try {
      fileInbox(clock.instant());
      if (jobs.get(job.id()) != job
          || JobStates.isCompleted(job)
          || JobStates.isRunningFor(job, id)) {
        return false;
      }
      takeBack(job);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes every job still pending out of this closed queue, oldest first, so that a queue group can
   * hand the jobs that reached a queue it pruned to the queue that replaces it.
   */
  List<Job> takeBackPending() {
    lock.lock();
    try {
      if (!closed) {
        throw new IllegalStateException("queue '" + id + "' is open; close it first");
      }
      fileInbox(clock.instant());
      List<Job> pending = new ArrayList<>();
      for (Job job : jobs.values()) {
        if (!JobStates.isCompleted(job) && !JobStates.isRunningFor(job, id)) {
          pending.add(job);
        }
      }
      pending.sort(Comparator.comparing(AbstractLocalQueue::createdOf));
      pending.forEach(this::takeBack);
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a pending job and frees its place. Under the lock. */
  private void takeBack(Job job) {
    jobs.remove(job.id(), job);
    removePending(job);
    releaseRoom();
    accepted.decrementAndGet();
  }

  /**
   * Wakes the worker that waited last, with or without the lock held.
   *
   * @return whether there was one
   */
  private boolean wakeWaiter() {
    Waiter waiter = waiters.pollFirst();
    if (waiter == null) {
      return false;
    }
    waiter.woken = true;
    LockSupport.unpark(waiter.thread);
    return true;
  }

  /**
   * The careful put: when the queue is full (waits for room), when the queue checks each put
   * (dependency graphs), or when the lock-free put lost a race for the last free place.
   */
  private void putUnderLock(Job job, String jobId, Instant now) {
    boolean arrivalOrder = dispatchesInArrivalOrder();
    lock.lock();
    try {
      ensureOpen();
      if (!arrivalOrder) {
        fileInbox(now);
      }
      if (jobs.putIfAbsent(jobId, job) != null) {
        throw new DuplicateJobException(id, jobId);
      }
      boolean stored = false;
      try {
        if (JobStates.takeOver(job)) {
          accepted.incrementAndGet();
          completedCount.incrementAndGet();
          retain(job);
          stored = true;
        } else {
          awaitRoom();
          validatePut(job);
          stored = true;
          accepted.incrementAndGet();
          if (arrivalOrder) {
            // behind the jobs already there, where the shared path can take it
            inbox.add(job);
            wakeWaiter();
          } else if (schedule(job, now)) {
            wakeWaiter();
          }
        }
      } finally {
        if (!stored) {
          jobs.remove(jobId, job);
        }
      }
    } finally {
      lock.unlock();
    }
    announcePut(job);
  }

  private void storeCompleted(Job job) {
    lock.lock();
    try {
      accepted.incrementAndGet();
      completedCount.incrementAndGet();
      retain(job);
    } finally {
      lock.unlock();
    }
  }

  private void announcePut(Job job) {
    for (QueueListener listener : listeners) {
      listener.onJobPut(this, job);
    }
    if (started) {
      runner.workAvailable();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new QueueClosedException(id);
    }
  }

  /**
   * Takes a place among the pending jobs if one is free, without waiting. It reads the workers'
   * count only when the place does not fit under the value it saw last.
   */
  private boolean reserveRoom() {
    long taken = reserved.incrementAndGet();
    if (taken - releasedSeen > capacity) {
      long freed = released.get();
      releasedSeen = freed;
      if (taken - freed > capacity) {
        reserved.decrementAndGet();
        return false;
      }
    }
    return true;
  }

  /** How many jobs are pending: places taken and not freed. */
  private long pendingCount() {
    return reserved.get() - released.get();
  }

  /** Frees a place among the pending jobs and wakes a put waiting for one. Under the lock. */
  private void releaseRoom() {
    released.incrementAndGet();
    if (roomWaiters.get() > 0) {
      spaceFree.signal();
    }
  }

  /**
   * Wakes a put waiting for room after a worker freed a place under the shared lock, where it
   * cannot signal. The put counts itself in before it looks for room, so either it sees the place
   * or this sees the put.
   */
  private void signalRoomAfterShare() {
    if (roomWaiters.get() > 0) {
      lock.lock();
      try {
        spaceFree.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits under the lock for a free place among the pending jobs, up to the put timeout. */
  private void awaitRoom() {
    long nanos = putTimeout.toNanos();
    roomWaiters.incrementAndGet();
    try {
      while (!reserveRoom()) {
        if (closed) {
          throw new QueueClosedException(id);
        }
        if (nanos <= 0) {
          throw new QueueFullException(id, capacity, putTimeout);
        }
        nanos = lock.awaitNanos(spaceFree, nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmboyException(
          "interrupted while waiting for room in queue '" + id + "' (capacity " + capacity + ")",
          e);
    } finally {
      roomWaiters.decrementAndGet();
    }
  }

  /**
   * Files the jobs set aside by workers, then those that producers dropped into the inbox. Called
   * under the lock.
   */
  private void fileInbox(Instant now) {
    Job job;
    while ((job = setAside.poll()) != null) {
      if (JobStates.readiness(job, now) == JobStates.Readiness.DEFERRED) {
        schedule(job, now);
      } else {
        // ahead of jobs filed since: it came out of the inbox before them
        offerReady(job, true);
      }
    }
    while ((job = inbox.poll()) != null) {
      schedule(job, now);
    }
  }

  /**
   * Files a pending job as deferred or ready; returns whether it is ready now. Waking a worker for
   * a ready job is the caller's business: a worker filing the inbox takes one job itself and wakes
   * the next only when more are ready ({@link #dispatchNext}), so filing a burst does not wake
   * every waiting worker for one job.
   */
  private boolean schedule(Job job, Instant now) {
    if (JobStates.readiness(job, now) == JobStates.Readiness.DEFERRED) {
      Deferred entry = new Deferred(job, JobStates.waitUntil(job), deferredSequence++);
      deferred.add(entry);
      if (deferred.peek() == entry) {
        wakeWaiter();
      }
      return false;
    }
    return admit(job, now);
  }

  @Override
  public Optional<Job> get(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public Optional<Job> next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (dispatchesInArrivalOrder() && !inbox.isEmpty() && lock.tryShare()) {
      Job shared;
      try {
        shared = dispatchShared(clock.instant());
      } finally {
        lock.unshare();
      }
      signalRoomAfterShare();
      if (shared != null) {
        return announceDispatch(shared);
      }
    }
    Job dispatched;
    lock.lockInterruptibly();
    try {
      dispatched = dispatchNext(deadline);
    } finally {
      lock.unlock();
    }
    return announceDispatch(dispatched);
  }

  /**
   * Completes a job and, when another is ready at once, dispatches it under the same lock
   * acquisition; otherwise announces the completion and waits like {@link #next(Duration)}, so
   * listeners never wait for the next job.
   */
  @Override
  public Optional<Job> completeAndNext(Job done, Duration timeout) throws InterruptedException {
    JobStates.Completion outcome = null;
    Job dispatched = null;
    Instant now = clock.instant();
    if (dispatchesInArrivalOrder() && lock.tryShare()) {
      try {
        outcome = completeShared(done, now);
        if (outcome == JobStates.Completion.FINISHED) {
          dispatched = dispatchShared(now);
        }
      } finally {
        lock.unshare();
      }
      signalRoomAfterShare();
    }
    if (outcome != JobStates.Completion.FINISHED) {
      lock.lock();
      try {
        outcome =
            outcome == null ? completeUnderLock(done, now) : settleCompletion(done, outcome, now);
        dispatched = dispatchNext(System.nanoTime());
      } finally {
        lock.unlock();
      }
    }
    announceCompletion(done, outcome);
    if (dispatched != null) {
      return announceDispatch(dispatched);
    }
    return next(timeout);
  }

  /**
   * Dispatches the next job that may run, waiting until the deadline. Under the lock. A worker that
   * leaves with a job while more are ready wakes one other, which does the same: wake-ups follow
   * the ready jobs, as in {@code LinkedBlockingQueue.take}.
   */
  private Job dispatchNext(long deadline) throws InterruptedException {
    boolean lazyFiling = dispatchesInArrivalOrder();
    while (!closed) {
      Instant now = clock.instant();
      if (!lazyFiling) {
        fileInbox(now);
      }
      promoteDue(now);
      Job candidate;
      while ((candidate = lazyFiling ? nextInArrivalOrder(now) : pollReady()) != null) {
        JobStates.Readiness readiness = JobStates.readiness(candidate, now);
        if (readiness == JobStates.Readiness.STALE) {
          drop(candidate);
          continue;
        }
        if (readiness == JobStates.Readiness.DEFERRED) {
          deferred.add(new Deferred(candidate, JobStates.waitUntil(candidate), deferredSequence++));
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
        if (hasReady() || (lazyFiling && !inbox.isEmpty())) {
          wakeWaiter();
        }
        return candidate;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      long wait = remaining;
      Deferred first = deferred.peek();
      if (first != null) {
        long untilDue = Duration.between(now, first.due()).toNanos();
        wait = Math.max(0, Math.min(wait, Math.min(untilDue, DEFERRED_RECHECK_NANOS)));
      }
      awaitWork(wait);
    }
    return null;
  }

  /**
   * The next ready job of a queue that dispatches in arrival order: a ready one, else the next from
   * the inbox. The inbox is filed one job at a time, so the jobs left in it stay where the shared
   * path ({@link #dispatchShared}) can take them. Under the lock.
   */
  private Job nextInArrivalOrder(Instant now) {
    Job candidate = pollReady();
    if (candidate != null) {
      return candidate;
    }
    Job job;
    while ((job = setAside.poll()) != null || (job = inbox.poll()) != null) {
      if (schedule(job, now)) {
        return pollReady();
      }
    }
    return null;
  }

  /**
   * Waits outside the lock until woken, interrupted or {@code nanos} pass; called and returns with
   * the lock held. The worker registers before it lets go of the lock, so a wake-up under the lock
   * cannot fall between its last look at the ready jobs and its wait (an unpark that comes before
   * the park is kept). A put does not take the lock: it files its job, then looks for a waiter,
   * while the worker registers, then looks at the inbox, so one of the two sees the other.
   */
  private void awaitWork(long nanos) throws InterruptedException {
    Waiter waiter = new Waiter(Thread.currentThread());
    waiters.addFirst(waiter);
    lock.unlock();
    try {
      if (inbox.isEmpty()) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      if (!waiter.woken) {
        waiters.remove(waiter);
      }
      lock.lock();
      wakeUpPending = false;
    }
    if (Thread.interrupted()) {
      if (waiter.woken) {
        // the wake-up may have been meant for a job: another worker takes it over
        wakeWaiter();
      }
      throw new InterruptedException();
    }
  }

  private Optional<Job> announceDispatch(Job dispatched) {
    if (hasDropped) {
      announceDropped();
    }
    if (dispatched == null) {
      return Optional.empty();
    }
    for (QueueListener listener : listeners) {
      listener.onJobStarted(this, dispatched);
    }
    return Optional.of(dispatched);
  }

  private void announceDropped() {
    List<Job> announced;
    lock.lock();
    try {
      announced = new ArrayList<>(droppedToAnnounce);
      droppedToAnnounce.clear();
      hasDropped = false;
    } finally {
      lock.unlock();
    }
    for (Job job : announced) {
      for (QueueListener listener : listeners) {
        listener.onJobDropped(this, job);
      }
    }
  }

  private void promoteDue(Instant now) {
    Deferred first;
    while ((first = deferred.peek()) != null && !first.due().isAfter(now)) {
      deferred.poll();
      admit(first.job(), now);
    }
  }

  private void drop(Job job) {
    jobs.remove(job.id(), job);
    droppedCount++;
    releaseRoom();
    droppedToAnnounce.add(job);
    hasDropped = true;
  }

  private void dispatch(Job job, Instant now) {
    JobStates.dispatch(job, this, id, lockTimeout, now);
    runningCount.incrementAndGet();
    releaseRoom();
  }

  @Override
  public void complete(Job job) {
    JobStates.Completion outcome = null;
    Instant now = clock.instant();
    if (dispatchesInArrivalOrder() && lock.tryShare()) {
      try {
        outcome = completeShared(job, now);
      } finally {
        lock.unshare();
      }
    }
    if (outcome != JobStates.Completion.FINISHED) {
      lock.lock();
      try {
        outcome =
            outcome == null ? completeUnderLock(job, now) : settleCompletion(job, outcome, now);
      } finally {
        lock.unlock();
      }
    }
    announceCompletion(job, outcome);
  }

  /**
   * Takes the next job from the inbox under the shared lock, when it is the next in arrival order
   * and may run now: nothing is ready ahead of it, no deferred job is due and no job was set aside.
   * A job that may not run now (deferred, stale or scoped), or that is off the fast path (its own
   * code must not run under the shared lock), is set aside for the exclusive path.
   *
   * <p>Unlike the exclusive path, this wakes no other worker for the jobs left behind: a worker
   * here was already running, so whoever put those jobs woke a waiting worker or saw none waiting,
   * and a woken worker wakes the next while jobs remain. Waking one here on every dispatch kept
   * parking and waking workers that found nothing left, a third of the throughput with 64 workers.
   *
   * @return the dispatched job, or {@code null} when the exclusive path must decide
   */
  private Job dispatchShared(Instant now) {
    if (closed || hasReady() || !setAside.isEmpty()) {
      return null;
    }
    Deferred first = deferred.peek();
    if (first != null && !first.due().isAfter(now)) {
      return null;
    }
    Job job = inbox.poll();
    if (job == null) {
      return null;
    }
    if (!JobStates.hasFastPath(job)
        || !job.scopes().isEmpty()
        || JobStates.readiness(job, now) != JobStates.Readiness.READY) {
      setAside.add(job);
      return null;
    }
    JobStates.dispatch(job, this, id, lockTimeout, now);
    runningCount.incrementAndGet();
    released.incrementAndGet();
    return job;
  }

  /**
   * Completes, under the shared lock, a run this queue dispatched of a job that holds no scopes. A
   * finished job is settled here; any other outcome of its run is settled under the exclusive lock
   * ({@link #settleCompletion}). Only jobs on the fast path qualify: the shared lock must not run a
   * job's own code, which could call back into the queue and wait for the lock it holds.
   *
   * @return how the run ended, or {@code null} when nothing was changed and the exclusive path must
   *     complete the job (another instance, a job off the fast path, or a scoped one)
   */
  private JobStates.Completion completeShared(Job job, Instant now) {
    if (!JobStates.hasFastPath(job) || !job.scopes().isEmpty()) {
      return null;
    }
    JobStates.Completion outcome =
        JobStates.finishDispatchedRun(job, this, id, lockTimeout, retryPolicy, now);
    if (outcome == JobStates.Completion.FINISHED) {
      runningCount.decrementAndGet();
      completedCount.incrementAndGet();
      retain(job);
    }
    return outcome;
  }

  private JobStates.Completion completeUnderLock(Job job, Instant now) {
    if (jobs.get(job.id()) != job) {
      return completeNotRunning(job, now);
    }
    return settleCompletion(job, JobStates.finishRun(job, id, lockTimeout, retryPolicy, now), now);
  }

  /** Keeps the books for how a run ended, once the job's state records it. Under the lock. */
  private JobStates.Completion settleCompletion(
      Job job, JobStates.Completion outcome, Instant now) {
    String jobId = job.id();
    switch (outcome) {
      case NOT_RUNNING -> outcome = completeNotRunning(job, now);
      case FINISHED -> {
        runningCount.decrementAndGet();
        afterFinish(job, now);
      }
      case RELEASED -> {
        runningCount.decrementAndGet();
        reserved.incrementAndGet();
        scopes.release(jobId, job.scopes(), this::readmit);
        offerReady(job, true);
        if (!closed) {
          wakeWaiter();
        }
      }
      case RETRY -> {
        runningCount.decrementAndGet();
        Retries.prepareNextAttempt(job, retryPolicy, now, ThreadLocalRandom.current());
        reserved.incrementAndGet();
        Set<String> held = job.scopes();
        if (!held.isEmpty()) {
          scopes.release(jobId, held, this::readmit);
        }
        if (schedule(job, now)) {
          wakeWaiter();
        }
      }
    }
    return outcome;
  }

  private void announceCompletion(Job job, JobStates.Completion outcome) {
    if (outcome == JobStates.Completion.NOT_RUNNING) {
      return;
    }
    for (QueueListener listener : listeners) {
      switch (outcome) {
        case RELEASED -> listener.onJobReleased(this, job);
        case RETRY -> listener.onJobRetried(this, job);
        default -> listener.onJobCompleted(this, job);
      }
    }
    if (started && !closed && outcome != JobStates.Completion.FINISHED) {
      runner.workAvailable();
    }
  }

  /**
   * Completes a job this queue did not dispatch (management marking work done, or another instance
   * of a stored job).
   *
   * @return {@link JobStates.Completion#FINISHED}, or {@link JobStates.Completion#NOT_RUNNING} when
   *     the job was already complete
   */
  private JobStates.Completion completeNotRunning(Job job, Instant now) {
    String jobId = job.id();
    fileInbox(now);
    Job stored = jobs.get(jobId);
    if (stored == null) {
      throw new JobNotDefinedException(id, jobId);
    }
    if (JobStates.isCompleted(stored)) {
      return JobStates.Completion.NOT_RUNNING;
    }
    if (JobStates.isRunningFor(stored, id)) {
      if (stored != job) {
        throw new IllegalStateException(
            "job '"
                + jobId
                + "' is running in queue '"
                + id
                + "' and must be completed through the instance the queue dispatched");
      }
      runningCount.decrementAndGet();
    } else {
      removePending(stored);
      releaseRoom();
      jobs.put(jobId, job);
    }
    finish(job, now);
    return JobStates.Completion.FINISHED;
  }

  private void removePending(Job job) {
    if (removeReady(job) || scopes.removeWaiter(job) || removeBlocked(job)) {
      return;
    }
    deferred.removeIf(entry -> entry.job() == job);
  }

  private void finish(Job job, Instant now) {
    JobStates.finish(job, now);
    afterFinish(job, now);
  }

  private void afterFinish(Job job, Instant now) {
    Set<String> held = job.scopes();
    if (!held.isEmpty()) {
      scopes.release(job.id(), held, this::readmit);
    }
    completedCount.incrementAndGet();
    retain(job);
    onFinished(job, now);
  }

  private void readmit(Job job) {
    offerReady(job, true);
    wakeWaiter();
  }

  /**
   * Keeps a completed job, forgetting the oldest beyond the capacity. Safe under the shared lock.
   */
  private void retain(Job job) {
    Job evicted = retained.add(job);
    if (evicted != null) {
      jobs.remove(evicted.id(), evicted);
    }
  }

  @Override
  public void save(Job job) {
    Instant now = clock.instant();
    String jobId = job.id();
    lock.lock();
    try {
      fileInbox(now);
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
        retained.replace(stored, job);
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean replaceDeferred(Job stored, Job job) {
    if (deferred.removeIf(entry -> entry.job() == stored)) {
      deferred.add(new Deferred(job, JobStates.waitUntil(job), deferredSequence++));
      wakeWaiter();
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
      fileInbox(clock.instant());
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
      if (JobStates.isCompleted(stored)) {
        jobs.remove(jobId, stored);
        retained.remove(stored);
      } else {
        takeBack(stored);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Stream<Job> jobs() {
    List<Job> snapshot = new ArrayList<>(jobs.values());
    snapshot.sort(Comparator.comparing(AbstractLocalQueue::createdOf));
    return snapshot.stream();
  }

  private static Instant createdOf(Job job) {
    Instant created = job.timeInfo().created();
    return created == null ? Instant.MIN : created;
  }

  @Override
  public QueueStats stats() {
    lock.lock();
    try {
      long running = runningCount.get();
      long completed = completedCount.get();
      long dropped = droppedCount;
      long blocked = blockedCount();
      long total = accepted.get();
      long waiting = total - running - completed - dropped;
      return new QueueStats(running, completed, waiting, blocked, total, dropped);
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
      toWake = (int) Math.min(pendingCount(), runner.workers());
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
      fileInbox(clock.instant());
      while (wakeWaiter()) {
        // every waiting worker sees the queue closed
      }
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

  /** A worker waiting in {@link #awaitWork}; {@code woken} once a wake-up took it off the deque. */
  private static final class Waiter {
    final Thread thread;
    volatile boolean woken;

    Waiter(Thread thread) {
      this.thread = thread;
    }
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
