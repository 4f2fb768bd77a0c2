package dev.amboy.spring.boot.actuate.metrics;

import dev.amboy.Job;
import dev.amboy.JobInterceptor;
import dev.amboy.Queue;
import dev.amboy.QueueInfo;
import dev.amboy.QueueListener;
import dev.amboy.QueueStats;
import dev.amboy.Runner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A real queue that counts how often its stats are read. */
final class StatsCountingQueue implements Queue {

  private final Queue delegate;
  private final AtomicInteger statsReads = new AtomicInteger();

  StatsCountingQueue(Queue delegate) {
    this.delegate = delegate;
  }

  int statsReads() {
    return statsReads.get();
  }

  @Override
  public QueueStats stats() {
    statsReads.incrementAndGet();
    return delegate.stats();
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public void put(Job job) {
    delegate.put(job);
  }

  @Override
  public Optional<Job> get(String id) {
    return delegate.get(id);
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
}
