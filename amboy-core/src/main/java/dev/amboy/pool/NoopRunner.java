package dev.amboy.pool;

import dev.amboy.Queue;
import dev.amboy.Runner;
import java.time.Duration;

/**
 * Runs nothing: for processes that only put jobs into a shared queue that other processes work on.
 */
final class NoopRunner implements Runner {

  private volatile Queue queue;
  private volatile boolean started;

  @Override
  public String kind() {
    return "none";
  }

  @Override
  public int workers() {
    return 0;
  }

  @Override
  public boolean isStarted() {
    return started;
  }

  @Override
  public synchronized void setQueue(Queue queue) {
    if (queue == null) {
      throw new IllegalArgumentException("queue must not be null");
    }
    if (this.queue != null && this.queue != queue) {
      throw new IllegalStateException(
          "runner is already bound to queue '"
              + this.queue.id()
              + "'; create one runner per queue");
    }
    this.queue = queue;
  }

  @Override
  public synchronized void start() {
    if (queue == null) {
      throw new IllegalStateException("runner has no queue; call Queue.setRunner first");
    }
    started = true;
  }

  @Override
  public void close(Duration drainTimeout) {
    started = false;
  }
}
