package dev.amboy.queue;

import dev.amboy.Job;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Scope holders and the jobs waiting for them. Acquisition is all-or-nothing: a job gets every
 * scope it names or none. A job that cannot get its scopes waits on the first scope it found taken
 * and is handed back when that scope is released, so blocked jobs cost nothing while they wait. Not
 * thread-safe: the owning queue's lock guards it.
 */
final class ScopeTable {

  private final Map<String, String> holders = new HashMap<>();
  private final Map<String, ArrayDeque<Job>> waiters = new HashMap<>();

  /**
   * Takes every scope for the job, or none.
   *
   * @return {@code null} when the scopes were taken, otherwise a scope another job holds
   */
  String tryAcquire(String jobId, Set<String> scopes) {
    String conflict = firstConflict(jobId, scopes);
    if (conflict != null) {
      return conflict;
    }
    for (String scope : scopes) {
      holders.put(scope, jobId);
    }
    return null;
  }

  private String firstConflict(String jobId, Set<String> scopes) {
    for (String scope : scopes) {
      String holder = holders.get(scope);
      if (holder != null && !holder.equals(jobId)) {
        return scope;
      }
    }
    return null;
  }

  /** Parks a job until {@code scope} is released. */
  void await(String scope, Job job) {
    waiters.computeIfAbsent(scope, k -> new ArrayDeque<>()).addLast(job);
  }

  /**
   * Releases the scopes the job holds and hands one waiter per freed scope to {@code ready}: the
   * first one whose scopes are now all free. Waiters still blocked by another scope move to wait on
   * that one.
   */
  void release(String jobId, Set<String> scopes, Consumer<Job> ready) {
    for (String scope : scopes) {
      if (jobId.equals(holders.get(scope))) {
        holders.remove(scope);
        wakeOne(scope, ready);
      }
    }
  }

  private void wakeOne(String scope, Consumer<Job> ready) {
    ArrayDeque<Job> queue = waiters.get(scope);
    if (queue == null) {
      return;
    }
    while (!queue.isEmpty()) {
      Job job = queue.pollFirst();
      String conflict = firstConflict(job.id(), job.scopes());
      if (conflict == null) {
        ready.accept(job);
        break;
      }
      await(conflict, job);
    }
    if (queue.isEmpty()) {
      waiters.remove(scope);
    }
  }

  /** Removes a waiting job; returns whether it was waiting. */
  boolean removeWaiter(Job job) {
    for (Iterator<Map.Entry<String, ArrayDeque<Job>>> it = waiters.entrySet().iterator();
        it.hasNext(); ) {
      ArrayDeque<Job> queue = it.next().getValue();
      if (queue.removeIf(waiting -> waiting.id().equals(job.id()))) {
        if (queue.isEmpty()) {
          it.remove();
        }
        return true;
      }
    }
    return false;
  }

  /** Replaces a waiting job by another instance with the same id; returns whether it was found. */
  boolean replaceWaiter(Job stored, Job replacement) {
    for (ArrayDeque<Job> queue : waiters.values()) {
      if (queue.contains(stored)) {
        ArrayDeque<Job> copy = new ArrayDeque<>(queue.size());
        for (Job job : queue) {
          copy.addLast(job == stored ? replacement : job);
        }
        queue.clear();
        queue.addAll(copy);
        return true;
      }
    }
    return false;
  }
}
