package dev.amboy.spring.boot.autoconfigure;

import dev.amboy.DeletableJobQueue;
import dev.amboy.Job;
import dev.amboy.JobInterceptor;
import dev.amboy.Queue;
import dev.amboy.QueueInfo;
import dev.amboy.QueueListener;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A queue the starter created: the core queue, with {@link AmboyPutInterceptor}s around each put
 * and a callback once it closes (a group pruned it), so meters and the catalog can let go of it.
 * Everything else goes straight to the core queue.
 */
class ManagedQueue implements Queue {

  private final Queue delegate;
  private final List<AmboyPutInterceptor> putInterceptors;
  private final Consumer<Queue> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  ManagedQueue(Queue delegate, List<AmboyPutInterceptor> putInterceptors, Consumer<Queue> onClose) {
    this.delegate = delegate;
    this.putInterceptors = List.copyOf(putInterceptors);
    this.onClose = onClose;
  }

  /**
   * Wraps a queue when there is something to add, keeping {@link DeletableJobQueue} visible.
   *
   * @param onClose called once after the queue closed, or {@code null}
   */
  static Queue wrap(
      Queue queue, List<AmboyPutInterceptor> putInterceptors, Consumer<Queue> onClose) {
    if (putInterceptors.isEmpty() && onClose == null) {
      return queue;
    }
    if (queue instanceof DeletableJobQueue deletable) {
      return new Deletable(deletable, putInterceptors, onClose);
    }
    return new ManagedQueue(queue, putInterceptors, onClose);
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public void put(Job job) {
    if (putInterceptors.isEmpty()) {
      delegate.put(job);
    } else {
      putThrough(0, job);
    }
  }

  private void putThrough(int index, Job job) {
    if (index == putInterceptors.size()) {
      delegate.put(job);
      return;
    }
    boolean[] called = new boolean[1];
    putInterceptors
        .get(index)
        .aroundPut(
            this,
            job,
            () -> {
              if (called[0]) {
                throw new IllegalStateException(
                    "a put interceptor of queue '"
                        + id()
                        + "' stored job '"
                        + job.id()
                        + "' twice");
              }
              called[0] = true;
              putThrough(index + 1, job);
            });
    if (!called[0]) {
      throw new IllegalStateException(
          "a put interceptor of queue '" + id() + "' did not store job '" + job.id() + "'");
    }
  }

  @Override
  public void putAll(Collection<? extends Job> jobs) {
    if (putInterceptors.isEmpty()) {
      delegate.putAll(jobs);
    } else {
      jobs.forEach(this::put);
    }
  }

  @Override
  public Optional<Job> get(String jobId) {
    return delegate.get(jobId);
  }

  @Override
  public Optional<Job> next(Duration timeout) throws InterruptedException {
    return delegate.next(timeout);
  }

  @Override
  public void complete(Job job) {
    delegate.complete(job);
  }

  @Override
  public void save(Job job) {
    delegate.save(job);
  }

  @Override
  public Stream<Job> jobs() {
    return delegate.jobs();
  }

  @Override
  public QueueStats stats() {
    return delegate.stats();
  }

  @Override
  public QueueInfo info() {
    return delegate.info();
  }

  @Override
  public Runner runner() {
    return delegate.runner();
  }

  @Override
  public void setRunner(Runner runner) {
    delegate.setRunner(runner);
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public void close(Duration drainTimeout) {
    delegate.close(drainTimeout);
    if (onClose != null && closed.compareAndSet(false, true)) {
      onClose.accept(this);
    }
  }

  @Override
  public void addListener(QueueListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void addInterceptor(JobInterceptor interceptor) {
    delegate.addInterceptor(interceptor);
  }

  @Override
  public List<JobInterceptor> interceptors() {
    return delegate.interceptors();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** A managed queue that can also delete jobs. */
  static final class Deletable extends ManagedQueue implements DeletableJobQueue {

    private final DeletableJobQueue deletable;

    Deletable(
        DeletableJobQueue delegate,
        List<AmboyPutInterceptor> putInterceptors,
        Consumer<Queue> onClose) {
      super(delegate, putInterceptors, onClose);
      this.deletable = delegate;
    }

    @Override
    public boolean delete(String jobId) {
      return deletable.delete(jobId);
    }
  }
}
