package dev.amboy.benchmarks.local;

import dev.amboy.Queue;
import dev.amboy.job.Jobs;
import dev.amboy.pool.RunnerOptions;
import dev.amboy.pool.Runners;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Enqueue-to-start latency when the workers are idle and waiting (goal L3): each sample puts one
 * job and ends when that job's code starts on a worker. The same measurement of a raw {@code
 * ThreadPoolExecutor(2)} in the same run shows what waking a parked thread costs on the machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdleDispatchLatency {

  private Queue queue;
  private ThreadPoolExecutor executor;
  private volatile boolean started;

  @Setup(Level.Trial)
  public void start() {
    queue = Queues.limitedSize(LocalQueueOptions.builder("latency").workers(2).build());
    queue.setRunner(Runners.pool(RunnerOptions.builder().workers(2).idleTimeout(null).build()));
    queue.start();
    executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    executor.prestartAllCoreThreads();
  }

  @Setup(Level.Invocation)
  public void waitUntilIdle() throws InterruptedException {
    while (!queue.stats().isComplete()
        || executor.getActiveCount() > 0
        || !executor.getQueue().isEmpty()) {
      Thread.onSpinWait();
    }
    Thread.sleep(0, 200_000);
    started = false;
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    queue.close(Duration.ofSeconds(5));
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Benchmark
  public void threadPoolExecutorSubmitToStart() {
    executor.execute(() -> started = true);
    while (!started) {
      Thread.onSpinWait();
    }
  }

  @Benchmark
  public void enqueueToStart() {
    queue.put(Jobs.of(ctx -> started = true));
    while (!started) {
      Thread.onSpinWait();
    }
  }
}
