package dev.amboy.queue;

import dev.amboy.Job;
import java.util.ArrayDeque;

/**
 * The default in-memory queue: first in, first out, with a bound on pending jobs and retention of
 * the most recent completed ones (Go amboy's limited-size queue).
 */
final class LimitedSizeLocalQueue extends AbstractLocalQueue {

  static final String KIND = "limited-size";

  private final ArrayDeque<Job> ready = new ArrayDeque<>();

  LimitedSizeLocalQueue(LocalQueueOptions options) {
    super(options);
  }

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected boolean dispatchesInArrivalOrder() {
    return true;
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
