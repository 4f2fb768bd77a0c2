package dev.amboy.queue;

import dev.amboy.AmboyException;
import dev.amboy.Job;
import dev.amboy.dependency.DependencyState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs jobs in dependency order: a job is dispatched only after every job its dependency's edges
 * name has completed, and a job whose dependency is {@link DependencyState#PASSED passed} at that
 * point completes without running (Go amboy's LocalOrdered queue).
 *
 * <p>Unlike Go's queue, jobs may be put after the queue has started; an edge must then name a job
 * the queue holds or has completed. Before start, edges may name jobs put later; {@link #start()}
 * refuses to start while an edge names a job that was never put. A cycle is refused when the job
 * closing it is put, with the jobs on the cycle named. Readiness is tracked per edge, so there is
 * no scan of the whole graph and no lock held while waiting (Go's queue could deadlock).
 *
 * <p>A job whose dependency was dropped (its dispatch-by time passed) or deleted never becomes
 * ready; it is reported as {@linkplain dev.amboy.QueueStats#blocked() blocked}.
 */
final class OrderedLocalQueue extends AbstractLocalQueue {

  static final String KIND = "ordered";

  private final ArrayDeque<Job> ready = new ArrayDeque<>();
  private final Set<String> finished = new HashSet<>();
  private final Map<String, Job> held = new LinkedHashMap<>();
  private final Map<String, Set<String>> waitingOn = new HashMap<>();
  private final Map<String, List<Job>> dependents = new HashMap<>();
  private final ArrayDeque<Job> finishing = new ArrayDeque<>();
  private boolean releasing;

  OrderedLocalQueue(LocalQueueOptions options) {
    super(options);
  }

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected boolean validatesPuts() {
    return true;
  }

  @Override
  protected void validatePut(Job job) {
    List<String> edges = job.dependency().edges();
    if (edges.contains(job.id())) {
      throw new IllegalArgumentException(
          "job '" + job.id() + "' depends on itself in queue '" + id() + "'");
    }
    if (info().started()) {
      for (String edge : edges) {
        if (!finished.contains(edge) && storedJob(edge) == null) {
          throw new IllegalArgumentException(
              "job '"
                  + job.id()
                  + "' depends on unknown job '"
                  + edge
                  + "' in queue '"
                  + id()
                  + "'; put '"
                  + edge
                  + "' first");
        }
      }
    }
    List<String> cycle = findPathTo(job.id(), edges);
    if (cycle != null) {
      throw new IllegalArgumentException(
          "job '"
              + job.id()
              + "' would close a dependency cycle in queue '"
              + id()
              + "': "
              + String.join(" -> ", cycle));
    }
  }

  /** A path from one of {@code edges} back to {@code target} through stored jobs, if any. */
  private List<String> findPathTo(String target, List<String> edges) {
    Set<String> visited = new HashSet<>();
    for (String edge : edges) {
      List<String> path = new ArrayList<>();
      path.add(target);
      if (walk(edge, target, visited, path)) {
        return path;
      }
    }
    return null;
  }

  private boolean walk(String current, String target, Set<String> visited, List<String> path) {
    path.add(current);
    if (current.equals(target)) {
      return true;
    }
    if (visited.add(current) && !finished.contains(current)) {
      Job job = storedJob(current);
      if (job != null) {
        for (String next : job.dependency().edges()) {
          if (walk(next, target, visited, path)) {
            return true;
          }
        }
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  @Override
  public void start() {
    lock.lock();
    try {
      List<String> unknown = new ArrayList<>();
      for (Job job : storedJobs()) {
        for (String edge : job.dependency().edges()) {
          if (storedJob(edge) == null && !finished.contains(edge)) {
            unknown.add("'" + job.id() + "' -> '" + edge + "'");
          }
        }
      }
      if (!unknown.isEmpty()) {
        throw new AmboyException(
            "queue '"
                + id()
                + "' cannot start: jobs depend on jobs that were never put: "
                + String.join(", ", unknown)
                + "; put the missing jobs or remove the edges");
      }
    } finally {
      lock.unlock();
    }
    super.start();
  }

  @Override
  protected boolean admit(Job job, Instant now) {
    Set<String> unfinished = null;
    for (String edge : job.dependency().edges()) {
      if (!finished.contains(edge)) {
        if (unfinished == null) {
          unfinished = new LinkedHashSet<>();
        }
        unfinished.add(edge);
      }
    }
    if (unfinished == null) {
      return readyOrPassed(job, now);
    }
    held.put(job.id(), job);
    waitingOn.put(job.id(), unfinished);
    for (String edge : unfinished) {
      dependents.computeIfAbsent(edge, k -> new ArrayList<>()).add(job);
    }
    return false;
  }

  private boolean readyOrPassed(Job job, Instant now) {
    if (job.dependency().state() == DependencyState.PASSED) {
      completeWithoutRunning(job, now);
      return false;
    }
    offerReady(job, false);
    return true;
  }

  @Override
  protected void onFinished(Job job, Instant now) {
    finishing.addLast(job);
    if (releasing) {
      return;
    }
    releasing = true;
    try {
      Job done;
      while ((done = finishing.pollFirst()) != null) {
        release(done, now);
      }
    } finally {
      releasing = false;
    }
  }

  private void release(Job done, Instant now) {
    finished.add(done.id());
    List<Job> waiting = dependents.remove(done.id());
    if (waiting == null) {
      return;
    }
    for (Job dependent : waiting) {
      Set<String> remaining = waitingOn.get(dependent.id());
      if (remaining == null) {
        continue;
      }
      remaining.remove(done.id());
      if (remaining.isEmpty()) {
        waitingOn.remove(dependent.id());
        held.remove(dependent.id());
        if (readyOrPassed(dependent, now)) {
          signalWork();
        }
      }
    }
  }

  @Override
  protected boolean removeBlocked(Job job) {
    if (held.remove(job.id()) == null) {
      return false;
    }
    Set<String> remaining = waitingOn.remove(job.id());
    if (remaining != null) {
      for (String edge : remaining) {
        List<Job> waiting = dependents.get(edge);
        if (waiting != null) {
          waiting.remove(job);
          if (waiting.isEmpty()) {
            dependents.remove(edge);
          }
        }
      }
    }
    return true;
  }

  @Override
  protected int blockedCount() {
    return held.size();
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
}
