package dev.amboy.queue;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Dispatches ready jobs in random order, so that no submission order is favoured (for example when
 * jobs from many producers compete for one resource). Wait-until is honoured (Go's shuffled queue
 * ignored it).
 */
final class ShuffledLocalQueue extends AbstractLocalQueue implements DeletableJobQueue {

  static final String KIND = "shuffled";

  private final ArrayList<Job> ready = new ArrayList<>();

  ShuffledLocalQueue(LocalQueueOptions options) {
    super(options);
  }

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected void offerReady(Job job, boolean front) {
    ready.add(job);
  }

  @Override
  protected boolean hasReady() {
    return !ready.isEmpty();
  }

  @Override
  protected Job pollReady() {
    int size = ready.size();
    if (size == 0) {
      return null;
    }
    int pick = ThreadLocalRandom.current().nextInt(size);
    Job chosen = ready.get(pick);
    ready.set(pick, ready.get(size - 1));
    ready.remove(size - 1);
    return chosen;
  }

  @Override
  protected boolean removeReady(Job job) {
    return ready.remove(job);
  }

  @Override
  public boolean delete(String id) {
    return deleteJob(id);
  }
}
