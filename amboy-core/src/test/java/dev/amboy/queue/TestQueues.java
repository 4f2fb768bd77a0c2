package dev.amboy.queue;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import java.util.ArrayDeque;

/** Queue kinds that exist only for tests of code that works on any queue. */
public final class TestQueues {

  private TestQueues() {}

  /** A first-in, first-out in-memory queue that can delete jobs. */
  public static DeletableJobQueue deletable(LocalQueueOptions options) {
    return new DeletableFifoQueue(options);
  }

  /** The limited-size queue's order, with deletion exposed through {@link DeletableJobQueue}. */
  private static final class DeletableFifoQueue extends AbstractLocalQueue
      implements DeletableJobQueue {

    private final ArrayDeque<Job> ready = new ArrayDeque<>();

    DeletableFifoQueue(LocalQueueOptions options) {
      super(options);
    }

    @Override
    protected String kind() {
      return "deletable-fifo";
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
    protected Job pollReady() {
      return ready.pollFirst();
    }

    @Override
    protected boolean removeReady(Job job) {
      return ready.remove(job);
    }

    @Override
    protected boolean hasReady() {
      return !ready.isEmpty();
    }

    @Override
    public boolean delete(String id) {
      return deleteJob(id);
    }
  }
}
