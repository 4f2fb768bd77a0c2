package dev.amboy.queue;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import java.util.PriorityQueue;

/**
 * Dispatches the ready job with the highest priority first, in arrival order among equals. Saving a
 * pending job with a new priority moves it. Wait-until, dispatch-by and scopes work as in every
 * local queue (Go's priority queue silently dropped such jobs).
 */
final class PriorityLocalQueue extends AbstractLocalQueue implements DeletableJobQueue {

  static final String KIND = "priority";

  private final PriorityQueue<Entry> ready = new PriorityQueue<>();
  private long sequence;

  PriorityLocalQueue(LocalQueueOptions options) {
    super(options);
  }

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected void offerReady(Job job, boolean front) {
    ready.add(new Entry(job, job.priority(), front ? -(++sequence) : ++sequence));
  }

  @Override
  protected boolean hasReady() {
    return !ready.isEmpty();
  }

  @Override
  protected Job pollReady() {
    Entry entry = ready.poll();
    return entry == null ? null : entry.job();
  }

  @Override
  protected boolean removeReady(Job job) {
    return ready.removeIf(entry -> entry.job() == job);
  }

  @Override
  protected void reorderReady(Job stored, Job saved) {
    if (removeReady(stored)) {
      offerReady(saved, false);
    }
  }

  @Override
  public boolean delete(String id) {
    return deleteJob(id);
  }

  /** A ready job with the priority it had when it became ready. */
  private record Entry(Job job, int priority, long sequence) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      int byPriority = Integer.compare(other.priority, priority);
      return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
    }
  }
}
