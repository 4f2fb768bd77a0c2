package dev.amboy.benchmarks.local;

import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueListener;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End-to-end throughput of no-op jobs: one producer puts a batch, the benchmark ends when every job
 * of the batch has run and its completion is recorded (counted by a queue listener). The raw {@link
 * ThreadPoolExecutor} with the same number of threads runs the same batch of no-op tasks in the
 * same JMH run (goals L1, L2, L4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocalQueueThroughput {

  static final int BATCH = 10_000;

  @Param({"2", "4", "16", "64"})
  int workers;

  private Queue queue;
  private ThreadPoolExecutor executor;
  private final LongAdder done = new LongAdder();

  @Setup(Level.Trial)
  public void start() {
    queue =
        Queues.limitedSize(
            LocalQueueOptions.builder("bench").capacity(4 * BATCH).workers(workers).build());
    queue.setRunner(
        Runners.pool(RunnerOptions.builder().workers(workers).idleTimeout(null).build()));
    queue.addListener(
        new QueueListener() {
          @Override
          public void onJobCompleted(Queue q, Job job) {
            done.increment();
          }
        });
    queue.start();
    executor =
        new ThreadPoolExecutor(
            workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
    executor.prestartAllCoreThreads();
  }

  @TearDown(Level.Trial)
  public void stop() {
    queue.close(Duration.ofSeconds(5));
    executor.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void amboyQueue() {
    long target = done.sum() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      queue.put(new NoopJob());
    }
    awaitCount(target);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void threadPoolExecutor() {
    long target = done.sum() + BATCH;
    Runnable task = done::increment;
    for (int i = 0; i < BATCH; i++) {
      executor.execute(task);
    }
    awaitCount(target);
  }

  private void awaitCount(long target) {
    while (done.sum() < target) {
      Thread.onSpinWait();
    }
  }
}
