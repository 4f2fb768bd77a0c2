package dev.amboy.queue;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import dev.amboy.dependency.DependencyState;
import dev.amboy.internal.AmboyScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * Orders jobs by what their dependencies say right now rather than by a graph: a ready job runs, a
 * passed one completes without running, a blocked or unresolved one waits and is asked again when a
 * job it names completes and on a regular re-evaluation. Suits dependencies on outside state
 * (files, checks) and jobs put at any time.
 */
final class AdaptiveOrderLocalQueue extends AbstractLocalQueue implements DeletableJobQueue {

  static final String KIND = "adaptive";

  /** How often waiting jobs are asked again, whether or not anything completed. */
  static final Duration REEVALUATE_EVERY = Duration.ofMillis(500);

  private final ArrayDeque<Job> ready = new ArrayDeque<>();
  private final Map<String, Job> waiting = new LinkedHashMap<>();
  private final Map<String, List<Job>> waitingByEdge = new HashMap<>();
  private ScheduledFuture<?> reevaluation;

  AdaptiveOrderLocalQueue(LocalQueueOptions options) {
    super(options);
  }

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  public void start() {
    super.start();
    lock.lock();
    try {
      if (reevaluation == null && !info().closed()) {
        reevaluation = AmboyScheduler.scheduleAtFixedRate(this::reevaluate, REEVALUATE_EVERY);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close(Duration drainTimeout) {
    lock.lock();
    try {
      if (reevaluation != null) {
        reevaluation.cancel(false);
      }
    } finally {
      lock.unlock();
    }
    super.close(drainTimeout);
  }

  @Override
  protected boolean admit(Job job, Instant now) {
    DependencyState state = job.dependency().state();
    switch (state) {
      case READY -> {
        offerReady(job, false);
        return true;
      }
      case PASSED -> {
        completeWithoutRunning(job, now);
        return false;
      }
      default -> {
        hold(job);
        return false;
      }
    }
  }

  private void hold(Job job) {
    waiting.put(job.id(), job);
    for (String edge : job.dependency().edges()) {
      waitingByEdge.computeIfAbsent(edge, k -> new ArrayList<>()).add(job);
    }
  }

  private boolean unhold(Job job) {
    if (waiting.remove(job.id()) == null) {
      return false;
    }
    for (String edge : job.dependency().edges()) {
      List<Job> jobs = waitingByEdge.get(edge);
      if (jobs != null) {
        jobs.remove(job);
        if (jobs.isEmpty()) {
          waitingByEdge.remove(edge);
        }
      }
    }
    return true;
  }

  @Override
  protected void onFinished(Job job, Instant now) {
    List<Job> named = waitingByEdge.get(job.id());
    if (named != null) {
      recheck(new ArrayList<>(named), now);
    }
  }

  /** Asks every waiting job again; runs on the shared timer. */
  private void reevaluate() {
    boolean readied;
    lock.lock();
    try {
      readied = recheck(new ArrayList<>(waiting.values()), clock.instant());
    } finally {
      lock.unlock();
    }
    if (readied) {
      wakeRunner();
    }
  }

  private boolean recheck(List<Job> candidates, Instant now) {
    boolean readied = false;
    for (Job job : candidates) {
      DependencyState state = job.dependency().state();
      if (state == DependencyState.READY || state == DependencyState.PASSED) {
        unhold(job);
        if (admit(job, now)) {
          signalWork();
          readied = true;
        }
      }
    }
    return readied;
  }

  @Override
  protected boolean removeBlocked(Job job) {
    return unhold(job);
  }

  @Override
  protected int blockedCount() {
    return waiting.size();
  }

  @Override
  protected void offerReady(Job job, boolean front) {
    if (front) {
      ready.addFirst(job);
    } else {
      ready.addLast(job);
    }
  }

  @Override
  protected boolean hasReady() {
    return !ready.isEmpty();
  }

  @Override
  protected Job pollReady() {
    return ready.pollFirst();
  }

  @Override
  protected boolean removeReady(Job job) {
    return ready.remove(job);
  }

  @Override
  public boolean delete(String id) {
    return deleteJob(id);
  }

  /** The ids of the jobs waiting on their dependencies, for tests and reports. */
  Set<String> waitingIds() {
    lock.lock();
    try {
      return Set.copyOf(waiting.keySet());
    } finally {
      lock.unlock();
    }
  }
}
